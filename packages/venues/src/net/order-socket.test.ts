import dc from "node:diagnostics_channel";
import http from "node:http";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ORDER_WRITTEN_CHANNEL, OrderSocketPool } from "./order-socket.js";

const servers: http.Server[] = [];
const pools: OrderSocketPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: http.RequestListener, keepAliveTimeoutMs = 5_000): Promise<{ origin: string; sockets: Set<net.Socket> }> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  const sockets = new Set<net.Socket>();
  server.on("connection", (s) => sockets.add(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, sockets };
}

function pool(origin: string, over: Partial<ConstructorParameters<typeof OrderSocketPool>[0]> = {}): OrderSocketPool {
  const p = new OrderSocketPool({ origin, connections: 2, maxIdleMs: 2_000, timeoutMs: 2_000, now: Date.now, ...over });
  pools.push(p);
  p.start();
  return p;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("order sockets", () => {
  it("writes each request in the caller's turn on a warm connection and reuses the connections", async () => {
    const { origin, sockets } = await serve((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ path: req.url, body })));
    });
    const p = pool(origin);
    await until(() => sockets.size === 2);
    const writes: unknown[] = [];
    const listen = (m: unknown) => writes.push(m);
    dc.subscribe(ORDER_WRITTEN_CHANNEL, listen);
    const a = p.request("POST", "/order", [["content-type", "application/json"]], '{"n":1}');
    const b = p.request("POST", "/portfolio/events/orders", [], '{"n":2}');
    // Both written before this line: no turn of the event loop in between.
    expect(writes).toEqual([
      { method: "POST", path: "/order" },
      { method: "POST", path: "/portfolio/events/orders" },
    ]);
    dc.unsubscribe(ORDER_WRITTEN_CHANNEL, listen);
    expect((await a).body).toBe(JSON.stringify({ path: "/order", body: '{"n":1}' }));
    expect((await b).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await p.request("POST", "/order", [], "x")).status).toBe(201);
    expect(sockets.size).toBe(2);
  });

  it("replaces idle connections before the server's keep-alive timeout closes them", async () => {
    const { origin, sockets } = await serve((_req, res) => res.end("ok"), 600);
    const p = pool(origin, { maxIdleMs: 300 });
    await until(() => sockets.size === 2);
    await new Promise((r) => setTimeout(r, 900));
    // The first connections were replaced by fresh ones (more than two were ever opened), and a write finds one ready.
    expect(sockets.size).toBeGreaterThan(2);
    expect((await p.request("POST", "/order", [], "")).body).toBe("ok");
  });

  it("a connection lost under an order fails it as a lost connection (its fate unknown), and another takes its place", async () => {
    const { origin, sockets } = await serve((req) => req.socket.destroy());
    const p = pool(origin);
    await until(() => sockets.size === 2);
    await expect(p.request("POST", "/order", [], "{}")).rejects.toMatchObject({ code: "ORDER_SOCKET_CONNECTION" });
    await until(() => sockets.size >= 3);
    expect(sockets.size).toBeGreaterThanOrEqual(3);
  });

  it("times out an answer that does not come", async () => {
    const { origin } = await serve(() => undefined);
    const p = pool(origin, { timeoutMs: 100 });
    await expect(p.request("POST", "/order", [], "{}")).rejects.toMatchObject({ code: "ORDER_SOCKET_TIMEOUT" });
  });
});
