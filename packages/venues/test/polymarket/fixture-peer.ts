import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A fixture peer for transport tests, not a simulator: a loopback HTTP + WS server whose handlers each test writes,
 * replaying the venue's documented payloads. It records what the client sent so tests can wait on it.
 */
export interface FixturePeer {
  readonly http: string;
  readonly wsMarket: string;
  readonly wsUser: string;
  /** Text messages received per socket path, in order. */
  readonly received: Map<string, string[]>;
  /** Requests seen: "METHOD path" → count. */
  readonly hits: Map<string, number>;
  readonly sockets: Set<WebSocket>;
  route(method: string, path: string, handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): void;
  onConnect(handler: (ws: WebSocket, path: string) => void): void;
  /** Text PINGs received. */
  pings: number;
  /** Whether the peer answers PING with PONG (a mute peer simulates a half-open connection). */
  answerPings: boolean;
  close(): Promise<void>;
}

export async function startFixturePeer(): Promise<FixturePeer> {
  const routes = new Map<string, (req: IncomingMessage, body: string, res: ServerResponse) => void>();
  const received = new Map<string, string[]>();
  const hits = new Map<string, number>();
  const sockets = new Set<WebSocket>();
  let connectHandler: (ws: WebSocket, path: string) => void = () => {};
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const key = `${req.method} ${path}`;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      const handler = routes.get(key) ?? [...routes.entries()].find(([k]) => k.endsWith("*") && key.startsWith(k.slice(0, -1)))?.[1];
      if (handler === undefined) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
        return;
      }
      handler(req, body, res);
    });
  });
  const wss = new WebSocketServer({ server });
  const peer: FixturePeer = {
    http: "",
    wsMarket: "",
    wsUser: "",
    received,
    hits,
    sockets,
    answerPings: true,
    pings: 0,
    route(method, path, handler) {
      routes.set(`${method} ${path}`, handler);
    },
    onConnect(handler) {
      connectHandler = handler;
    },
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  wss.on("connection", (ws, req) => {
    const path = req.url ?? "/";
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data) => {
      const text = data.toString();
      if (text === "PING") {
        peer.pings++;
        if (peer.answerPings) ws.send("PONG");
        return;
      }
      const list = received.get(path) ?? [];
      list.push(text);
      received.set(path, list);
    });
    connectHandler(ws, path);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(peer, {
    http: `http://127.0.0.1:${port}`,
    wsMarket: `ws://127.0.0.1:${port}/ws/market`,
    wsUser: `ws://127.0.0.1:${port}/ws/user`,
  });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export { waitFor } from "../wait.js";
