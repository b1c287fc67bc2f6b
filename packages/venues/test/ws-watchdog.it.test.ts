import { constants, generateKeyPairSync, verify } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createEngine } from "@arb/core-wasm";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { createKalshiSigner, loadKalshiKey } from "../src/kalshi/auth.js";
import { KalshiConfig } from "../src/kalshi/config.js";
import { KalshiMarketData } from "../src/kalshi/ws.js";
import type { VenueEvent } from "../src/ports.js";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe("Kalshi socket watchdog", () => {
  it("signs the upgrade, and replaces a socket that goes silent (no ping, no data)", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const upgrades: boolean[] = [];
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    wss.on("connection", (_socket, req) => {
      const h = req.headers;
      const msg = `${String(h["kalshi-access-timestamp"])}GET/trade-api/ws/v2`;
      const sig = Buffer.from(String(h["kalshi-access-signature"]), "base64");
      upgrades.push(h["kalshi-access-key"] === "kid" && verify("sha256", Buffer.from(msg), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig));
    });
    await new Promise((r) => wss.once("listening", r));
    const port = (wss.address() as AddressInfo).port;
    const events: VenueEvent[] = [];
    const config = KalshiConfig.parse({
      wsUrl: `ws://127.0.0.1:${port}/trade-api/ws/v2`,
      keyId: "kid",
      privateKeyPem: privateKey,
      ws: { heartbeatTimeoutMs: 200, backoff: { baseMs: 10, maxMs: 50 }, privateChannels: false },
    });
    const md = new KalshiMarketData({ config, signer: createKalshiSigner("kid", loadKalshiKey({ privateKeyPem: privateKey })), engine: createEngine(), sink: (e) => events.push(e), logger: pino({ level: "silent" }) });
    cleanup.push(() => md.close(), () => new Promise((r) => wss.close(() => r())));
    md.start();
    const deadline = Date.now() + 5_000;
    while (upgrades.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(upgrades.slice(0, 2)).toEqual([true, true]);
    expect(events.filter((e) => e.kind === "connection.changed").map((e) => e.kind === "connection.changed" && e.state).slice(0, 4)).toEqual(["connecting", "open", "closed", "connecting"]);
  });
});
