import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { type KalshiClients, type KalshiConfigInput, type VenueEvent, createKalshiClients } from "@arb/venues";
import { pino } from "pino";
import { createAlertSink } from "../src/alerts.js";
import type { ExecutionConfigInput } from "../src/config.js";
import { type ExecutionEngine, createExecutionEngine } from "../src/shell/engine.js";
import type { ExecutionEvent } from "../src/events.js";
import { Ledger } from "../src/ledger/sqlite.js";
import { kalshiDepth, kalshiExecVenue } from "../src/venue/kalshi.js";
import { vi } from "vitest";

export const BALANCE_MICROS = 1_000_000_000;

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 8_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!cond()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: timeoutMs, interval: 5 },
  );
}

export function rsaPair() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
}

export async function startTestSim(): Promise<{ sim: Sim; tickers: string[] }> {
  const sim = await startSim({
    scenario: parseScenario({ name: "execution", seed: 7, tickMs: 20, games: { count: 5, leagues: ["NBA"] }, kalshi: { wsPingMs: 1000 } }),
  });
  const tickers = sim.control.markets().games.flatMap((g) => g.kalshi.markets.map((m) => m.ticker));
  return { sim, tickers };
}

/** Puts a same-market arb on the book without passing through a bigger one: empty, bids only, then the asks. */
export function putArb(sim: Sim, ticker: string, book: { yes: [number, number][]; no: [number, number][] }): void {
  sim.control.setKalshiBook(ticker, { yes: [], no: [] });
  sim.control.setKalshiBook(ticker, { yes: book.yes, no: [] });
  sim.control.setKalshiBook(ticker, book);
}

export interface Rig {
  readonly engine: ExecutionEngine;
  readonly ledger: Ledger;
  readonly clients: KalshiClients;
  readonly detection: DetectionEngine;
  readonly events: ExecutionEvent[];
  readonly accountId: string;
  readonly pair: number;
  readonly ticker: string;
  readonly dir: string;
  kinds(kind: ExecutionEvent["kind"]): ExecutionEvent[];
  close(): Promise<void>;
}

/** One engine with its own simulator account, ledger file and Kalshi clients, trading `ticker` as pair 0. */
export async function createRig(
  sim: Sim,
  ticker: string,
  config: ExecutionConfigInput = {},
  kalshi: Partial<KalshiConfigInput> = {},
  extra: { webhookUrl?: string } = {},
): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), "arb-exec-"));
  const keys = rsaPair();
  const account = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKey, balanceMicros: BALANCE_MICROS });
  const detection = createEngine();
  const pair = detection.addPair(detection.addSchedule(kalshiSchedule()), detection.addSchedule(polymarketSchedule(0, 1)));
  const ledger = new Ledger({ path: join(dir, "ledger.db") });
  const events: ExecutionEvent[] = [];
  let engine: ExecutionEngine | undefined;
  const clients = createKalshiClients({
    config: {
      restUrl: sim.urls.kalshi.rest,
      wsUrl: sim.urls.kalshi.ws,
      keyId: account.keyId,
      privateKeyPem: keys.privateKey,
      writePerSec: 1000,
      readPerSec: 1000,
      http: { timeoutMs: 2_000, maxRetries: 0, backoff: { baseMs: 20, maxMs: 100 } },
      // These rigs drive the engine's mechanics with same-venue arbs, which only a crossed book shows: let them through.
      bookConsistency: "off",
      ...kalshi,
    },
    engine: detection,
    sink: (e: VenueEvent) => engine?.onVenueEvent(e),
    logger: pino({ level: "silent" }),
  });
  const logger = pino({ level: "silent" });
  engine = createExecutionEngine({
    config: {
      ...config,
      risk: { minFillProbabilityPpm: 0, maxBookAgeMs: 60_000, ...config.risk },
      execution: { orderTimeoutMs: 300, fillWaitMs: 200, ...config.execution },
    },
    pairs: [{ pair, eventId: "game-1", kalshiMarket: ticker }],
    detection,
    venues: { kalshi: { orders: kalshiExecVenue(clients.rest), depth: kalshiDepth(clients.marketData) } },
    ledger,
    logger,
    alerts: createAlertSink({ logger, path: join(dir, "alerts.jsonl"), ...(extra.webhookUrl !== undefined && { webhookUrl: extra.webhookUrl }) }),
  });
  engine.subscribe((e) => events.push(e));
  await engine.start();
  clients.marketData.track([{ market: ticker, pair }]);
  clients.marketData.start();
  const e = engine;
  return {
    engine: e,
    ledger,
    clients,
    detection,
    events,
    accountId: account.accountId,
    pair,
    ticker,
    dir,
    kinds: (kind) => events.filter((x) => x.kind === kind),
    async close() {
      await e.close();
      await clients.close();
      ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
