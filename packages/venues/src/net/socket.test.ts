import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { waitFor } from "../../test/wait.js";
import type { VenueEvent } from "../ports.js";
import { ReconnectingSocket, type ReconnectingSocketOptions } from "./socket.js";

interface Peer {
  readonly url: string;
  /** Handshake headers of each connection, in order. */
  readonly handshakes: Array<Record<string, string | string[] | undefined>>;
  /** Text frames received, per connection. */
  readonly received: string[][];
  readonly sockets: WebSocket[];
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** A venue stand-in on an ephemeral port: records handshakes and frames, answers nothing unless told. */
async function peer(onConnection: (ws: WebSocket) => void = () => {}): Promise<Peer> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const p: Peer = { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, handshakes: [], received: [], sockets: [] };
  server.on("connection", (ws, req) => {
    p.handshakes.push(req.headers);
    const frames: string[] = [];
    p.received.push(frames);
    p.sockets.push(ws);
    ws.on("message", (d) => frames.push(d.toString()));
    onConnection(ws);
  });
  cleanup.push(async () => {
    for (const ws of server.clients) ws.terminate();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return p;
}

function socket(url: string, over: Partial<ReconnectingSocketOptions> = {}): { s: ReconnectingSocket; events: VenueEvent[]; frames: string[] } {
  const events: VenueEvent[] = [];
  const frames: string[] = [];
  let n = 0;
  const s = new ReconnectingSocket({
    venue: "kalshi",
    url,
    headers: () => ({ "x-signature": `sig-${++n}` }),
    heartbeat: { staleAfterMs: 5_000, checkEveryMs: 1_000 },
    backoff: { baseMs: 10, maxMs: 20 },
    now: Date.now,
    random: () => 0,
    logger: pino({ level: "silent" }),
    sink: (e) => events.push(e),
    onOpen: (send) => send("subscribe"),
    onMessage: (data) => frames.push(data.toString()),
    onDown: () => frames.push("<down>"),
    ...over,
  });
  cleanup.unshift(() => s.close());
  return { s, events, frames };
}

const states = (events: VenueEvent[]) =>
  events.flatMap((e) => (e.kind === "connection.changed" ? [`${e.state}${e.reason === undefined ? "" : ` ${e.reason}`}`] : []));

describe("ReconnectingSocket (both venues' socket)", () => {
  it("signs every connect afresh, replays the subscription after a drop, and reports each step", async () => {
    const p = await peer((ws) => ws.send("hello"));
    const { s, events, frames } = socket(p.url);
    s.start();
    await waitFor("first subscription", () => p.received[0]?.[0] === "subscribe");
    p.sockets[0]?.close(4000, "bye");
    await waitFor("the replayed subscription", () => p.received[1]?.[0] === "subscribe");
    expect(p.handshakes.map((h) => h["x-signature"])).toEqual(["sig-1", "sig-2"]);
    expect(frames.slice(0, 3)).toEqual(["hello", "<down>", "hello"]);
    expect(states(events)).toEqual(["connecting", "open", "closed 4000 bye", "connecting", "open"]);
  });

  it("names a venue's second socket in its events (Polymarket's market and user channels)", async () => {
    const p = await peer();
    const { s, events } = socket(p.url, { venue: "polymarket", name: "user" });
    s.start();
    await waitFor("open", () => p.sockets.length === 1 && s.isOpen);
    p.sockets[0]?.terminate();
    await waitFor("reopened", () => states(events).filter((x) => x === "open user").length === 2);
    expect(states(events).slice(0, 3)).toEqual(["connecting user", "open user", "closed user:1006"]);
  });

  it("kills a socket that stays open but silent, sending its text keepalive meanwhile", async () => {
    const p = await peer();
    const { s, events } = socket(p.url, { heartbeat: { staleAfterMs: 150, checkEveryMs: 40, ping: "PING" } });
    s.start();
    await waitFor("the watchdog to drop the silent socket", () => states(events).some((x) => x.startsWith("closed")));
    expect(p.received[0]).toContain("PING");
    await waitFor("a fresh socket", () => p.sockets.length === 2);
  });

  it("counts the venue's protocol pings as signs of life", async () => {
    const p = await peer((ws) => {
      const t = setInterval(() => ws.ping(), 30);
      ws.on("close", () => clearInterval(t));
    });
    const { s, events } = socket(p.url, { heartbeat: { staleAfterMs: 150, checkEveryMs: 40 } });
    s.start();
    await waitFor("open", () => s.isOpen);
    await new Promise((r) => setTimeout(r, 500));
    expect(states(events)).toEqual(["connecting", "open"]);
  });

  it("stops for good on close, and a refused handshake is retried", async () => {
    const { s, events } = socket("ws://127.0.0.1:9/none");
    s.start();
    await waitFor("two refused connects", () => states(events).filter((x) => x.startsWith("closed")).length >= 2);
    await s.close();
    const seen = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(seen);
  });
});
