import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopback } from "../src/dashboard/web/access.js";
import { type WebDashboard, type WebDashboardOptions, startWebDashboard } from "../src/dashboard/web/server.js";
import { createMetrics } from "../src/metrics/registry.js";
import { captureLogger } from "./helpers.js";

/** What a page elsewhere must never read: the snapshot the dashboard pushes. */
const SNAPSHOT = { positions: "the operator's" };
const TOKEN = "t0ken-of-sixteen-chars";

const open: WebDashboard[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

async function dashboard(over: Partial<WebDashboardOptions> = {}): Promise<{ port: number }> {
  const d = await startWebDashboard({
    host: "127.0.0.1",
    port: 0,
    message: () => SNAPSHOT,
    pushMs: 60_000,
    metrics: createMetrics(),
    logger: captureLogger().logger,
    ...over,
  });
  open.push(d);
  return { port: Number(new URL(d.url).port) };
}

/** A raw GET to 127.0.0.1:port with whatever headers a browser (or an attacker's page through it) would send. */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers, setHost: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A WebSocket upgrade with the given headers: 101 and the first frame's text, or the refusal's status. */
function upgrade(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; firstFrame?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      setHost: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (_res, socket, head: Buffer) => {
      const first = (frame: Buffer) => {
        // An unmasked server text frame: 2 header bytes, or 4 when the length needs 16 bits.
        resolve({ status: 101, firstFrame: frame.subarray(frame[1] === 126 ? 4 : 2).toString("utf8") });
        socket.destroy();
      };
      if (head.length > 0) first(head);
      else socket.once("data", first);
    });
    req.on("response", (res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web dashboard: only its owner's browser", () => {
  it("parses loopback as an address, not a prefix", () => {
    for (const h of ["127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost", "LOCALHOST"]) expect(isLoopback(h), h).toBe(true);
    for (const h of ["127.attacker.tld", "127.0.0.1.nip.io", "0.0.0.0", "::", "10.0.0.1", "localhost.evil.example"]) expect(isLoopback(h), h).toBe(false);
  });

  it("needs a token to bind a host name that merely starts with 127.", async () => {
    await expect(dashboard({ host: "127.attacker.tld" })).rejects.toThrow(/beyond loopback: set ARB_WEB_TOKEN/);
  });

  it("refuses a token too short to resist guessing, even on loopback", async () => {
    await expect(dashboard({ token: "short" })).rejects.toThrow(/ARB_WEB_TOKEN must be at least 16 characters/);
  });

  it("serves a request naming itself, and refuses a rebound Host or a foreign Origin (HTTP)", async () => {
    const { port } = await dashboard();
    const self = `127.0.0.1:${port}`;
    expect((await get(port, "/api/snapshot", { Host: self })).body).toBe(JSON.stringify(SNAPSHOT));
    expect((await get(port, "/", { Host: `localhost:${port}` })).status).toBe(200);
    expect((await get(port, "/api/snapshot", { Host: self, Origin: `http://${self}` })).status).toBe(200);
    // DNS rebinding: the attacker's name now resolves to 127.0.0.1, and the browser sends that name.
    const rebound = await get(port, "/api/snapshot", { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain("operator");
    expect((await get(port, "/", { Host: "evil.example" })).status).toBe(403);
    expect((await get(port, "/", { Host: `127.attacker.tld:${port}` })).status).toBe(403);
    expect((await get(port, "/", { Host: `127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await get(port, "/api/snapshot", { Host: self, Origin: "http://evil.example" })).status).toBe(403);
    expect((await get(port, "/api/snapshot", { Host: self, Origin: "null" })).status).toBe(403);
  });

  it("refuses a WebSocket opened by another site's page, or through a rebound name", async () => {
    const { port } = await dashboard();
    const self = `127.0.0.1:${port}`;
    const ok = await upgrade(port, "/ws", { Host: self, Origin: `http://${self}` });
    expect(ok.status).toBe(101);
    expect(ok.firstFrame).toBe(JSON.stringify(SNAPSHOT));
    expect(await upgrade(port, "/ws", { Host: self, Origin: "http://evil.example" })).toEqual({ status: 403 });
    expect(await upgrade(port, "/ws", { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toEqual({ status: 403 });
  });

  it("requires a configured token on loopback too, over HTTP and WebSocket", async () => {
    const { port } = await dashboard({ token: TOKEN });
    const Host = `127.0.0.1:${port}`;
    expect((await get(port, "/api/snapshot", { Host })).status).toBe(401);
    expect((await get(port, `/api/snapshot?token=${TOKEN}x`, { Host })).status).toBe(401);
    expect((await get(port, `/api/snapshot?token=${TOKEN}`, { Host })).status).toBe(200);
    expect((await get(port, "/metrics", { Host, Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(await upgrade(port, "/ws", { Host })).toEqual({ status: 401 });
    expect((await upgrade(port, `/ws?token=${TOKEN}`, { Host })).status).toBe(101);
  });

  it("accepts a configured public name (a proxy's, any port) and, bound to every interface, this machine's addresses", async () => {
    const { port } = await dashboard({ host: "0.0.0.0", token: TOKEN, publicNames: ["dash.example.com"] });
    const auth = { Authorization: `Bearer ${TOKEN}` };
    expect((await get(port, "/", { ...auth, Host: "dash.example.com", Origin: "https://dash.example.com" })).status).toBe(200);
    expect((await get(port, "/", { ...auth, Host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await get(port, "/", { ...auth, Host: "other.example.com" })).status).toBe(403);
    expect((await upgrade(port, "/ws", { ...auth, Host: "dash.example.com", Origin: "https://dash.example.com" })).status).toBe(101);
    expect(await upgrade(port, "/ws", { ...auth, Host: "dash.example.com", Origin: "https://evil.example" })).toEqual({ status: 403 });
  });
});
