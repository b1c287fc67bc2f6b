import { constants, createSign, generateKeyPairSync } from "node:crypto";
import WebSocket from "ws";

/** WS frames and REST bodies as the tests index them; their shapes are checked by the zod mirrors. */
// biome-ignore lint/suspicious/noExplicitAny: test-side JSON, validated against the fixture schemas where it matters
export type Json = any;
import { type Sim, type SimOptions, parseScenario, startSim } from "../src/index.js";
import { vi } from "vitest";

export interface Trader {
  readonly keyId: string;
  readonly accountId: string;
  readonly privateKeyPem: string;
}

/** Throwaway RSA keys: tests never carry secrets. 1024-bit keeps key generation fast. */
export function newKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

export function sign(privateKeyPem: string, tsMs: string, method: string, path: string, saltLength: number = constants.RSA_PSS_SALTLEN_DIGEST): string {
  return createSign("RSA-SHA256")
    .update(tsMs + method + path)
    .end()
    .sign({ key: privateKeyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })
    .toString("base64");
}

export function authHeaders(t: Trader, method: string, pathWithoutQuery: string, tsMs = Date.now()): Record<string, string> {
  const ts = String(tsMs);
  return { "KALSHI-ACCESS-KEY": t.keyId, "KALSHI-ACCESS-TIMESTAMP": ts, "KALSHI-ACCESS-SIGNATURE": sign(t.privateKeyPem, ts, method, pathWithoutQuery) };
}

export function newTrader(sim: Sim, balanceMicros = 1_000_000_000, direct = false): Trader {
  const keys = newKeyPair();
  const { keyId, accountId } = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKeyPem, balanceMicros, direct });
  return { keyId, accountId, privateKeyPem: keys.privateKeyPem };
}

/** A signed REST call; `path` is relative to /trade-api/v2 and may carry a query. */
export async function kalshi(sim: Sim, t: Trader | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const url = new URL(sim.urls.kalshi.rest + path);
  const headers: Record<string, string> = t === undefined ? {} : authHeaders(t, method, url.pathname);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
}

/** Polls `probe` (vitest's own poll, never a fixed sleep) until it yields a value; fails after `timeoutMs`. */
export function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  return vi.waitFor(
    () => {
      const v = probe();
      if (v === undefined || v === false) throw new Error("condition not met in time");
      return v;
    },
    { timeout: timeoutMs, interval: 10 },
  );
}

/** A WS client that queues every text frame and lets a test wait for one that matches. */
export class WsClient {
  readonly frames: Json[] = [];
  readonly raw: string[] = [];
  pings = 0;
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const text = String(data);
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text));
      } catch {
        this.frames.push({ unparsable: text });
      }
    });
    ws.on("ping", () => {
      this.pings += 1;
    });
    ws.on("close", () => {
      this.closed = true;
    });
  }

  /** `url`: another endpoint's socket (default: the simulator's default endpoint). */
  static connect(sim: Sim, t: Trader, headers = authHeaders(t, "GET", "/trade-api/ws/v2"), url = sim.urls.kalshi.ws): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new WsClient(ws);
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  send(cmd: unknown): void {
    this.ws.send(JSON.stringify(cmd));
  }

  async next(pred: (f: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    return waitFor(() => this.frames.find(pred), timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A small, quiet simulator: two NBA games, no generated makers, so tests set books themselves. */
export function quietSim(extra: Partial<SimOptions> = {}, scenario: Record<string, unknown> = {}): Promise<Sim> {
  return startSim({
    scenario: parseScenario({
      name: "test",
      seed: 1,
      startMs: 1795626000000,
      games: { count: 2, leagues: ["NBA"] },
      marketMakers: { enabled: false },
      ...scenario,
    }),
    ...extra,
  });
}

export function firstTicker(sim: Sim): string {
  const t = sim.control.markets().games[0]?.kalshi.markets[0]?.ticker;
  if (t === undefined) throw new Error("no markets");
  return t;
}
