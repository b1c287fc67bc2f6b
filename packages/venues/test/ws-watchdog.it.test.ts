import { generateKeyPairSync } from "node:crypto";
import { createEngine } from "@arb/core-wasm";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createKalshiSigner, loadKalshiKey } from "../src/kalshi/auth.js";
import { KalshiConfig } from "../src/kalshi/config.js";
import { KalshiMarketData } from "../src/kalshi/ws.js";
import type { VenueEvent } from "../src/ports.js";
import { waitFor } from "./wait.js";

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe("Kalshi socket watchdog", () => {
  it("replaces a socket the venue keeps open but stops talking on (no ping, no data), then carries on", async () => {
    // The simulator pings every 100 ms, so a 400 ms watchdog only fires when the venue goes silent.
    const sim: Sim = await startSim({
      scenario: parseScenario({
        name: "watchdog",
        seed: 3,
        games: { count: 1, leagues: ["NBA"] },
        marketMakers: { enabled: false },
        kalshi: { wsPingMs: 100 },
      }),
    });
    cleanup.push(() => sim.close());
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    const { keyId } = sim.control.createKalshiAccount({ publicKeyPem: publicKey, balanceMicros: 1_000_000 });
    const events: VenueEvent[] = [];
    const config = KalshiConfig.parse({
      wsUrl: sim.urls.kalshi.ws,
      keyId,
      privateKeyPem: privateKey,
      ws: { heartbeatTimeoutMs: 400, backoff: { baseMs: 10, maxMs: 50 }, privateChannels: false },
    });
    const md = new KalshiMarketData({
      config,
      signer: createKalshiSigner(keyId, loadKalshiKey({ privateKeyPem: privateKey })),
      engine: createEngine(),
      sink: (e) => events.push(e),
      logger: pino({ level: "silent" }),
    });
    cleanup.unshift(() => md.close());
    const states = () => events.flatMap((e) => (e.kind === "connection.changed" ? [e.state] : []));
    md.start();
    await waitFor("the signed socket to open", () => states().includes("open"));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(states()).toEqual(["connecting", "open"]);

    sim.control.silence("kalshi", true);
    await waitFor("the watchdog to drop the silent socket", () => states().includes("closed"));
    sim.control.silence("kalshi", false);
    await waitFor("a fresh signed socket", () => states().filter((s) => s === "open").length === 2);
    expect(states().slice(0, 5)).toEqual(["connecting", "open", "closed", "connecting", "open"]);
  });
});
