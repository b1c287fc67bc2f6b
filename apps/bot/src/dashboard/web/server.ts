import { timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { Metrics } from "../../metrics/registry.js";
import { APP_JS, PAGE_HTML } from "./page.js";

export interface WebDashboardOptions {
  readonly host: string;
  readonly port: number;
  /** Required when `host` is not a loopback address. */
  readonly token?: string;
  /** The JSON pushed to every client each `pushMs`. */
  readonly message: () => unknown;
  readonly pushMs: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface WebDashboard {
  readonly url: string;
  close(): Promise<void>;
}

export const isLoopback = (host: string): boolean => host === "localhost" || host === "::1" || /^127\./.test(host);

export class WebTokenError extends Error {
  readonly code = "WEB_TOKEN_REQUIRED";
}

function tokenOk(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const url = new URL(req.url ?? "/", "http://x");
  const given = url.searchParams.get("token") ?? (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** node:http + ws push; loopback by default, and a token on every request and socket when bound elsewhere. */
export async function startWebDashboard(o: WebDashboardOptions): Promise<WebDashboard> {
  if (!isLoopback(o.host) && (o.token === undefined || o.token.length < 16)) throw new WebTokenError(`the web dashboard binds ${o.host}, beyond loopback: set ARB_WEB_TOKEN (16+ characters)`);
  const token = isLoopback(o.host) ? undefined : o.token;
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
    res.end(body);
  };
  const server = createServer((req, res) => {
    if (!tokenOk(req, token)) return send(res, 401, "text/plain", "token required\n");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method !== "GET") return send(res, 405, "text/plain", "GET only\n");
    if (path === "/") return send(res, 200, "text/html; charset=utf-8", PAGE_HTML);
    if (path === "/app.js") return send(res, 200, "text/javascript; charset=utf-8", APP_JS);
    if (path === "/api/snapshot") return send(res, 200, "application/json", JSON.stringify(o.message()));
    if (path === "/metrics") {
      o.metrics.registry.metrics().then(
        (text) => send(res, 200, o.metrics.registry.contentType, text),
        (err: unknown) => send(res, 500, "text/plain", `${String(err)}\n`),
      );
      return;
    }
    send(res, 404, "text/plain", "not found\n");
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4_096 });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== "/ws" || !tokenOk(req, token)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify(o.message()));
    });
  });
  const timer = setInterval(() => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify(o.message());
    for (const c of wss.clients) if (c.readyState === c.OPEN && c.bufferedAmount < 1_000_000) c.send(text);
  }, o.pushMs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${port}/`;
  o.logger.info({ url: token === undefined ? url : `${url}?token=[redacted]` }, "web dashboard listening");
  return {
    url,
    async close() {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
