import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketSchedule } from "@arb/domain";
import type { Sim } from "@arb/venue-sim";
import {
  type KalshiClients,
  type MarketInfo,
  type PolymarketClients,
  type PolymarketExec,
  type VenueEvent,
  createKalshiClients,
  createPolymarketClients,
} from "@arb/venues";
import { pino } from "pino";
import { createAlertSink } from "../src/alerts.js";
import type { ExecutionConfigInput } from "../src/config.js";
import { type ExecutionEngine, type EngineVenue, createExecutionEngine } from "../src/shell/engine.js";
import type { ExecutionEvent } from "../src/events.js";
import { Ledger } from "../src/ledger/sqlite.js";
import { kalshiDepth, kalshiExecVenue } from "../src/venue/kalshi.js";
import { polymarketDepth, polymarketExecVenue } from "../src/venue/polymarket.js";
import { BALANCE_MICROS, rsaPair, waitFor } from "./harness.js";

/** A Kalshi market whose Polymarket twin lists the paying token first (the pair's YES is the market's YES). */
export interface CrossMarket {
  readonly ticker: string;
  readonly conditionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
}

export function crossMarkets(sim: Sim): CrossMarket[] {
  return sim.control
    .markets()
    .games.flatMap((g) => g.kalshi.markets)
    .flatMap((m) => (m.polymarket === undefined || m.polymarket.trap || m.polymarket.polarity !== "same" ? [] : [{ ticker: m.ticker, ...m.polymarket }]));
}

export interface CrossRig {
  readonly engine: ExecutionEngine;
  readonly ledger: Ledger;
  readonly kalshi: KalshiClients;
  readonly poly: PolymarketClients & { readonly exec: PolymarketExec };
  readonly detection: DetectionEngine;
  readonly events: ExecutionEvent[];
  readonly kalshiAccountId: string;
  readonly polyAddress: string;
  readonly market: CrossMarket;
  /** The Polymarket market's fee terms and rules as the CLOB lists them. */
  readonly polyInfo: MarketInfo;
  readonly pair: number;
  readonly dir: string;
  /** The accounts and keys, for a rig that resumes this one. */
  readonly identity: RigIdentity;
  kinds<K extends ExecutionEvent["kind"]>(kind: K): Extract<ExecutionEvent, { kind: K }>[];
  /** Stops the engine and its clients, keeping the ledger folder (a bot that went down). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface RigIdentity {
  readonly keys: { readonly publicKey: string; readonly privateKey: string };
  readonly kalshiAccountId: string;
  readonly kalshiKeyId: string;
  readonly polyPrivateKey: `0x${string}`;
  readonly polyAddress: string;
}

export interface CrossRigOptions {
  readonly config?: ExecutionConfigInput;
  /** Trade Polymarket through this venue instead of the live exec client (the paper venue). */
  readonly polymarketVenue?: (poly: PolymarketClients & { readonly exec: PolymarketExec }, sink: (e: VenueEvent) => void) => EngineVenue;
  /** Starts again where a stopped rig left off: its ledger folder, accounts and keys. */
  readonly resume?: CrossRig;
  /** false: Polymarket's user channel never connects (fills only over REST, no word of a trade's fate). */
  readonly polymarketUserChannel?: boolean;
}

/**
 * One engine trading a Kalshi market and its Polymarket twin as one pair, each venue through its real client (own
 * simulator accounts, API key derived through L1), the user channels feeding fills back.
 */
export async function createCrossRig(sim: Sim, market: CrossMarket, options: CrossRigOptions = {}): Promise<CrossRig> {
  const dir = options.resume?.dir ?? mkdtempSync(join(tmpdir(), "arb-exec-x-"));
  const identity = options.resume?.identity ?? newIdentity(sim);
  const { keys, polyPrivateKey: privateKey } = identity;
  const polyConfig = {
    urls: sim.urls.polymarket,
    privateKey,
    pingIntervalMs: 200,
    staleAfterMs: 2_000,
    reconnect: { baseMs: 20, maxMs: 100 },
    retry: { attempts: 1, baseMs: 5, maxMs: 20 },
    requestTimeoutMs: 2_000,
    // These rigs drive the engine's mechanics with same-venue arbs, which only a crossed book shows: let them through.
    bookConsistency: "off" as const,
  };
  const l1 = createPolymarketClients({ config: polyConfig, engine: createEngine(), sink: () => undefined, logger: pino({ level: "silent" }) });
  const creds = await l1.clob.createOrDeriveApiKey();
  await l1.close();
  if (!creds.ok) throw new Error(`L1 failed: ${creds.error.message}`);

  const detection = createEngine();
  let engine: ExecutionEngine | undefined;
  const sink = (e: VenueEvent) => engine?.onVenueEvent(e);
  const logger = pino({ level: "silent" });
  const poly = createPolymarketClients({ config: { ...polyConfig, creds: creds.value }, engine: detection, sink, logger });
  const exec = poly.exec;
  if (exec === undefined) throw new Error("no Polymarket exec client");
  const info = await exec.prepare(market.conditionId);
  if (!info.ok) throw new Error(`market not loaded: ${info.error.message}`);
  const polyInfo = info.value;
  const pair = detection.addPair(detection.addSchedule(kalshiSchedule()), detection.addSchedule(polymarketSchedule(polyInfo.feeRatePpm, polyInfo.feeExponent)));
  const kalshi = createKalshiClients({
    config: {
      restUrl: sim.urls.kalshi.rest,
      wsUrl: sim.urls.kalshi.ws,
      keyId: identity.kalshiKeyId,
      privateKeyPem: keys.privateKey,
      writePerSec: 1000,
      readPerSec: 1000,
      http: { timeoutMs: 2_000, maxRetries: 0, backoff: { baseMs: 20, maxMs: 100 } },
      // These rigs drive the engine's mechanics with same-venue arbs, which only a crossed book shows: let them through.
      bookConsistency: "off",
    },
    engine: detection,
    sink,
    logger,
  });
  const ledger = new Ledger({ path: join(dir, "ledger.db") });
  const events: ExecutionEvent[] = [];
  const config = options.config ?? {};
  const polyWithExec = Object.assign(poly, { exec });
  engine = createExecutionEngine({
    config: {
      ...config,
      risk: { minFillProbabilityPpm: 0, maxBookAgeMs: 60_000, ...config.risk },
      execution: { orderTimeoutMs: 300, fillWaitMs: 200, ...config.execution },
      venues: {
        polymarket: {
          lotHundredths: 100,
          minOrderHundredths: polyInfo.minOrderHundredths,
          tickUnits: 100,
          feeRatePpm: polyInfo.feeRatePpm,
          feeExponent: polyInfo.feeExponent as 0 | 1 | 2,
        },
        ...config.venues,
      },
    },
    pairs: [{ pair, eventId: "game-x", kalshiMarket: market.ticker, polymarketMarket: market.conditionId }],
    detection,
    venues: {
      kalshi: { orders: kalshiExecVenue(kalshi.rest), depth: kalshiDepth(kalshi.marketData) },
      polymarket: options.polymarketVenue?.(polyWithExec, sink) ?? {
        orders: polymarketExecVenue(exec),
        depth: polymarketDepth(poly.marketData),
      },
    },
    ledger,
    logger,
    alerts: createAlertSink({ logger, path: join(dir, "alerts.jsonl") }),
  });
  engine.subscribe((e) => events.push(e));
  await engine.start();
  if (options.polymarketUserChannel !== false) {
    poly.user?.watch([market.conditionId]);
    poly.user?.start();
  }
  poly.marketData.start();
  kalshi.marketData.track([{ market: market.ticker, pair }]);
  kalshi.marketData.start();
  await poly.marketData.trackAsync([{ market: market.conditionId, pair, yesTokenId: market.yesTokenId, noTokenId: market.noTokenId }]);
  await waitFor("kalshi book", () => kalshi.marketData.feed.store.books.get(market.ticker)?.sid !== 0);
  await waitFor("polymarket book", () => poly.marketData.feed.book(market.yesTokenId)?.seeded === true);
  const e = engine;
  async function stop(): Promise<void> {
    await e.close();
    await kalshi.close();
    await poly.close();
    ledger.close();
  }
  return {
    engine: e,
    ledger,
    kalshi,
    poly: polyWithExec,
    detection,
    events,
    kalshiAccountId: identity.kalshiAccountId,
    polyAddress: identity.polyAddress,
    identity,
    market,
    polyInfo,
    pair,
    dir,
    kinds: <K extends ExecutionEvent["kind"]>(kind: K) => events.filter((x): x is Extract<ExecutionEvent, { kind: K }> => x.kind === kind),
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function newIdentity(sim: Sim): RigIdentity {
  const keys = rsaPair();
  const kalshiAccount = sim.control.createKalshiAccount({ publicKeyPem: keys.publicKey, balanceMicros: BALANCE_MICROS });
  const polyPrivateKey = `0x${randomBytes(32).toString("hex")}` as const;
  const wallet = sim.control.createPolymarketAccount({ privateKey: polyPrivateKey, balanceMicros: BALANCE_MICROS });
  return { keys, kalshiAccountId: kalshiAccount.accountId, kalshiKeyId: kalshiAccount.keyId, polyPrivateKey, polyAddress: wallet.address };
}
