import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { type VenueEvent, createKalshiClients } from "@arb/venues";
import { pino } from "pino";
import { createExecutionEngine } from "./shell/engine.js";
import { Ledger } from "./ledger/sqlite.js";
import type { FillRow } from "./core/state.js";
import { kalshiDepth, kalshiExecVenue } from "./venue/kalshi.js";

export interface LatencySamples {
  /** Opportunity in → sized, risk-checked, both orders appended to the order journal (µs). */
  readonly decisionUs: number[];
  /** Opportunity in → both orders handed to the venue client's HTTP pool, their Kalshi signatures included (µs). */
  readonly handoffUs: number[];
}

/** The simulator's control surface the measurement uses: in-process or over its admin HTTP API (another process). */
export interface SimLike {
  readonly urls: { readonly kalshi: { readonly rest: string; readonly ws: string } };
  readonly control: {
    createKalshiAccount(input: { publicKeyPem: string; balanceMicros: number }): Promise<{ keyId: string }>;
    markets(): Promise<{ games: readonly { kalshi: { markets: readonly { ticker: string }[] } }[] }>;
    setKalshiBook(ticker: string, book: { yes: [number, number][]; no: [number, number][] }): Promise<void>;
  };
}

const usSince = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1000;

/**
 * Decision latency against a running simulator (the caller starts it, preferably in another process so its own work
 * and garbage do not land in the measured one: `@arb/venue-sim` is not a runtime dependency): a Kalshi same-market arb is put on the book `iterations` times; each time the feed's `arb.detected`
 * goes into the engine and the clock stops when both orders are committed and handed over.
 */
export async function measureDecisionLatency(sim: SimLike, iterations = 200): Promise<LatencySamples> {
  const dir = mkdtempSync(join(tmpdir(), "arb-exec-bench-"));
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const { keyId } = await sim.control.createKalshiAccount({ publicKeyPem: keys.publicKey, balanceMicros: 1_000_000_000_000 });
  const ticker = (await sim.control.markets()).games[0]?.kalshi.markets[0]?.ticker ?? "";
  const detection = createEngine();
  const pair = detection.addPair(detection.addSchedule(kalshiSchedule()), detection.addSchedule(polymarketSchedule(0, 1)));
  const ledger = new Ledger({ path: join(dir, "ledger.db") });
  const decisionUs: number[] = [];
  const handoffUs: number[] = [];
  let t0 = 0n;
  let closedArbs = 0;
  const sink = (e: VenueEvent) => {
    if (e.kind === "arb.detected") t0 = process.hrtime.bigint();
    engine.onVenueEvent(e);
  };
  const clients = createKalshiClients({
    config: {
      restUrl: sim.urls.kalshi.rest,
      wsUrl: sim.urls.kalshi.ws,
      keyId,
      privateKeyPem: keys.privateKey,
      writePerSec: 100_000,
      readPerSec: 100_000,
      // A Kalshi same-market arb is a crossed book, which the client refuses by default: the measurement times its path.
      bookConsistency: "off",
    },
    engine: detection,
    sink,
    logger: pino({ level: "silent" }),
  });
  const engine = createExecutionEngine({
    config: {
      risk: {
        minEdgeBps: 1,
        minProfitMicros: 1,
        minFillProbabilityPpm: 0,
        maxBookAgeMs: 60_000,
        maxExposureMarketMicros: 1e13,
        maxExposureEventMicros: 1e13,
        maxExposureTotalMicros: 1e13,
      },
      breaker: { maxPositionMarketHundredths: 1e12, maxPositionTotalMicros: 1e13 },
      // Each arb meets a book the measurement replaced, so no order of the last one can still be on it: no claim is held
      // (held, the next arb would be decided when the claim ends, not when it shows).
      execution: { claimHoldMs: 0 },
    },
    pairs: [{ pair, eventId: "bench", kalshiMarket: ticker }],
    detection,
    venues: { kalshi: { orders: kalshiExecVenue(clients.rest), depth: kalshiDepth(clients.marketData) } },
    ledger,
    logger: pino({ level: "silent" }),
    onCommitted: () => decisionUs.push(usSince(t0)),
    onOrdersSent: (ids) => {
      if (ids.length === 2) handoffUs.push(usSince(t0));
    },
  });
  engine.subscribe((e) => {
    if (e.kind === "arb.closed" || e.kind === "exposure.residual") closedArbs++;
  });
  await engine.start();
  clients.marketData.track([{ market: ticker, pair }]);
  clients.marketData.start();
  const waitFor = async (cond: () => boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error("bench: timed out");
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  try {
    await waitFor(() => (clients.marketData.feed.store.books.get(ticker)?.sid ?? 0) !== 0);
    for (let i = 0; i < iterations; i++) {
      // Empty, then bids only, then the crossing asks: the arb appears in one step (45¢ + 45¢, 10 contracts).
      await sim.control.setKalshiBook(ticker, { yes: [], no: [] });
      await sim.control.setKalshiBook(ticker, { yes: [[5500, 1000]], no: [] });
      await new Promise((r) => setTimeout(r, 5));
      const before = closedArbs;
      await sim.control.setKalshiBook(ticker, { yes: [[5500, 1000]], no: [[5500, 1000]] });
      await waitFor(() => closedArbs > before);
    }
  } finally {
    await engine.close();
    await clients.close();
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { decisionUs, handoffUs };
}

/** Fills per second the ledger commits with WAL, one fill (plus its order update and P&L row) per transaction. */
export function measureLedgerWrites(fills = 20_000): { fillsPerSec: number; elapsedMs: number } {
  const dir = mkdtempSync(join(tmpdir(), "arb-ledger-bench-"));
  const ledger = new Ledger({ path: join(dir, "ledger.db") });
  try {
    ledger.apply([
      {
        kind: "arb",
        row: {
          arbId: "b",
          pair: 0,
          eventId: "E",
          legs: [],
          type: "kalshi_same_market",
          mode: "concurrent",
          plannedHundredths: 0,
          expectedProfitMicros: 0,
          status: "open",
          pendingSecond: undefined,
          resolveAttempts: 0,
          pnlMicros: 0,
          unwindLossMicros: 0,
          createdMs: 0,
          deadlineMs: 0,
          closedMs: undefined,
        },
      },
    ]);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < fills; i++) {
      const row: FillRow = {
        venue: "kalshi",
        fillId: `f${i}`,
        clientOrderId: "b-1",
        venueOrderId: "o",
        market: "M",
        pair: i % 64,
        leg: i % 4,
        priceUnits: 4200,
        sizeHundredths: 100,
        feeMicros: 17_000,
        cashMicros: -437_000,
        isTaker: true,
        tsMs: i,
      };
      ledger.apply([
        { kind: "fill", row },
        { kind: "pnl", day: 0, lockedProfitMicros: 0, realizedPnlMicros: 0, unwindLossMicros: 0, feesMicros: 17_000 },
      ]);
    }
    const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    return { fillsPerSec: Math.round((fills * 1000) / elapsedMs), elapsedMs };
  } finally {
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
