import { type WriteStream, createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { MAX_RATE_PPM, type VenueId, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import {
  type EngineVenue,
  type ExecutionEngine,
  type ExecutionEvent,
  Ledger,
  PaperExec,
  createAlertSink,
  createExecutionEngine,
  kalshiDepth,
  kalshiExecVenue,
  paperExecVenue,
  polymarketDepth,
  polymarketExecVenue,
} from "@arb/execution";
import {
  type KalshiClients,
  type PolymarketClients,
  type VenueEvent,
  type VenueResult,
  bindPolymarketPair,
  createKalshiClients,
  createPolymarketClients,
  kalshiEventTicker,
  kalshiMarketLabel,
  type polymarketWire,
} from "@arb/venues";
import type { Logger } from "pino";
import type { Config } from "../config/schema.js";
import type { Secrets } from "../config/secrets.js";
import type { VenueUrls } from "../config/urls.js";
import type { MappingEntry } from "../discovery/mapping-file.js";
import type { Metrics } from "../metrics/registry.js";
import type { Snapshot, World } from "../state/snapshot.js";
import { SessionStore } from "../state/store.js";
import { type PairLabel, buildSnapshot } from "./build-snapshot.js";
import { OrderTiming } from "./order-timing.js";
import { TopDepth } from "./top-depth.js";

export interface SessionOptions {
  readonly config: Config;
  readonly world: World;
  readonly urls: VenueUrls;
  readonly secrets: Secrets;
  readonly pairs: readonly MappingEntry[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly ledgerPath: string;
  /** JSONL of every execution event, for `bot replay`. */
  readonly eventLogPath?: string;
  /** The engine's decision tape, appended to (`bot replay --tape`); none when undefined. */
  readonly tapePath?: string;
  readonly now?: () => number;
}

export interface Session {
  readonly store: SessionStore;
  snapshot(): Snapshot;
  /** Everything the engine reports, for the event log, the replay command and the dashboards. */
  subscribe(listener: (e: ExecutionEvent) => void): () => void;
  /** Stop entries, cancel open orders, wait for in-flight arbs, flush and close. */
  shutdown(): Promise<Snapshot>;
}

/** The breaker detail of a clean shutdown: the next start lifts it (any other trip stays until reset-breaker). */
const SHUTDOWN_DETAIL = "shutdown: no new entries";

const hrUs = (): number => Number(process.hrtime.bigint() / 1_000n);

/** Wires venue clients → detection core → execution engine (or, in dry run, to a log of the orders it would send). */
export async function startSession(o: SessionOptions): Promise<Session> {
  const now = o.now ?? Date.now;
  const startedMs = now();
  const { config, logger, metrics } = o;
  const engine: DetectionEngine = createEngine(config.trading.core);
  engine.setMinEdge(config.trading.minEdgeUnits);
  // The store records each latency sample once, into the histograms /metrics reads (createMetrics' `latency`).
  const store = new SessionStore({ latency: metrics.latency });
  const polyDepth = new TopDepth();
  const sentAtUs = new Map<string, number>();
  let latencyLog: WriteStream | undefined;
  // Tick (the frame's arrival) to the last order of the arb written on its socket: the dashboards' figure and, one
  // line per arb with every stage, the run folder's latency.jsonl (`pnpm bench:latency` reads it).
  const timing = new OrderTiming((t) => {
    const us = (t.writtenUs.at(-1) as number) - t.frameUs;
    store.tickToOrder.record(us);
    latencyLog?.write(`${JSON.stringify(t)}\n`);
  });
  let exec: ExecutionEngine | undefined;
  let eventLog: WriteStream | undefined;
  let tapeLog: WriteStream | undefined;

  const kalshiFees = engine.addSchedule(kalshiSchedule());
  const kalshiOverrides = new Map<number, number>();
  const kalshiFeesAt = (ratePpm: number): number => {
    let id = kalshiOverrides.get(ratePpm);
    if (id === undefined) kalshiOverrides.set(ratePpm, (id = engine.addSchedule(kalshiSchedule(ratePpm))));
    return id;
  };
  const polySchedules = new Map<string, number>();
  const polyFees = (ratePpm: number, exponent: number): number => {
    const key = `${ratePpm}:${exponent}`;
    let id = polySchedules.get(key);
    if (id === undefined) {
      id = engine.addSchedule(polymarketSchedule(ratePpm, exponent));
      polySchedules.set(key, id);
    }
    return id;
  };
  const labels: PairLabel[] = [];
  const bindings: {
    pair: number;
    entry: MappingEntry;
    market: string;
    eventTicker: string;
    polySchedule: number;
    polyFee: { ratePpm: number; exponent: 0 | 1 | 2 };
  }[] = [];

  /**
   * A Kalshi event's fee override reaches the detection core's fee tables here (execution sizes with it through the
   * same event): the event's pairs get the override's schedule, or the series' again when it is cleared. A fee type
   * that cannot be modelled gets the 100 % rate, so the core finds nothing there (execution refuses it as well).
   */
  const onFeesChanged = (eventTicker: string, ratePpm: number | null | undefined): void => {
    const schedule = ratePpm === null ? kalshiFees : kalshiFeesAt(ratePpm ?? MAX_RATE_PPM);
    for (const b of bindings) {
      if (b.eventTicker !== eventTicker) continue;
      engine.setPairFees(b.pair, schedule, b.polySchedule);
      logger.info(
        { event: "fees.changed", eventTicker, pair: b.pair, ratePpm: ratePpm ?? (ratePpm === null ? "series" : "unknown") },
        "Kalshi event fee override applied",
      );
    }
  };

  // One labelled child per venue, looked up once: `inc({ venue })` would build the label key on every frame.
  const framesOf = { kalshi: metrics.frames.labels("kalshi"), polymarket: metrics.frames.labels("polymarket") };
  const sink = (e: VenueEvent): void => {
    const t = now();
    store.onVenueEvent(e, t);
    switch (e.kind) {
      case "book.top-changed":
        framesOf[e.venue].inc();
        if (e.venue === "polymarket") polyDepth.onVenueEvent(e);
        break;
      case "book.stale":
        if (e.venue === "polymarket") polyDepth.onVenueEvent(e);
        break;
      case "arb.detected":
        metrics.opportunities.inc({ type: e.type });
        timing.onDetected(e.pair, e.type);
        if (config.dryRun)
          logger.info(
            { event: "order.would-send", pair: e.pair, label: labels[e.pair]?.label, type: e.type, edgeUnits: e.edgeUnits, sizeHundredths: e.sizeHundredths },
            "dry run: arb detected, orders not sent",
          );
        break;
      case "frame.dropped":
        metrics.dropped.inc({ venue: e.venue });
        break;
      case "fees.changed":
        onFeesChanged(e.eventTicker, e.ratePpm);
        break;
      default:
        break;
    }
    exec?.onVenueEvent(e);
  };

  const kalshiSecrets = o.secrets.kalshi;
  if (kalshiSecrets === undefined) throw new Error("Kalshi credentials are required (its market data socket is authenticated)");
  const kalshi: KalshiClients = createKalshiClients({
    config: {
      restUrl: o.urls.kalshi.rest,
      wsUrl: o.urls.kalshi.ws,
      keyId: kalshiSecrets.keyId,
      privateKeyPem: kalshiSecrets.privateKeyPem,
      tier: config.venues.kalshi.tier,
      bookConsistency: config.trading.bookConsistency,
    },
    engine,
    sink,
    logger: logger.child({ venue: "kalshi" }),
  });
  const trading = o.world !== "PAPER" && !config.dryRun;
  const polyBase = {
    urls: o.urls.polymarket,
    bookConsistency: config.trading.bookConsistency,
    signatureType: config.venues.polymarket.signatureType,
    ...(config.venues.polymarket.funderAddress !== undefined && { funderAddress: config.venues.polymarket.funderAddress }),
  };
  let creds = o.secrets.polymarket?.creds;
  const polyKey = trading ? o.secrets.polymarket?.privateKey : undefined;
  if (polyKey !== undefined && creds === undefined) {
    // Simulator accounts are new: derive their L2 API credentials with the L1 key, as the venue's SDK does.
    const bootstrap = createPolymarketClients({ config: { ...polyBase, privateKey: polyKey }, engine, sink: () => {}, logger });
    const r = await bootstrap.clob.createOrDeriveApiKey();
    await bootstrap.close();
    if (!r.ok) throw new Error(`Polymarket API key derivation failed: ${r.error.message}`);
    creds = r.value;
  }
  const poly: PolymarketClients = createPolymarketClients({
    config: { ...polyBase, ...(polyKey !== undefined && { privateKey: polyKey }), ...(polyKey !== undefined && creds !== undefined && { creds }) },
    engine,
    sink,
    logger: logger.child({ venue: "polymarket" }),
  });

  let polyMinOrder = 100;
  const markets = new Map<string, VenueResult<polymarketWire.PolyClobMarket>>();
  const bound = new Set<string>();
  for (const p of o.pairs) {
    let r = markets.get(p.conditionId);
    if (r === undefined) {
      r = await poly.clob.clobMarket(p.conditionId);
      markets.set(p.conditionId, r);
    }
    const b = r.ok ? bindPolymarketPair(r.value, p) : { ok: false as const, why: "market_unavailable" as const, message: r.error.message };
    if (!b.ok && b.why === "market_unavailable") {
      logger.warn({ event: "pair.skipped", id: p.id, reason: b.message }, "pair skipped: Polymarket market unavailable");
      continue;
    }
    if (!b.ok || bound.has(b.value.market)) {
      logger.info({ event: "pair.skipped", id: p.id, reason: b.ok ? "market already bound with this polarity" : b.message }, "pair not traded");
      continue;
    }
    const { market, feeRatePpm: rate, feeExponent: exponent, minOrderHundredths } = b.value;
    bound.add(market);
    if (minOrderHundredths !== undefined) polyMinOrder = Math.max(polyMinOrder, minOrderHundredths);
    const polySchedule = polyFees(rate, exponent);
    const pair = engine.addPair(kalshiFees, polySchedule);
    labels.push({
      pair,
      label: `${p.league} ${kalshiMarketLabel(p.kalshiTicker)}`,
      league: p.league,
      kalshiTicker: p.kalshiTicker,
      conditionId: p.conditionId,
    });
    bindings.push({
      pair,
      entry: p,
      market,
      eventTicker: kalshiEventTicker(p.kalshiTicker),
      polySchedule,
      polyFee: { ratePpm: rate, exponent },
    });
    logger.info({ event: "pair.bound", id: p.id, pair, kalshiTicker: p.kalshiTicker, polymarketMarket: market }, "pair bound");
    if (poly.exec !== undefined) await poly.exec.prepare(p.conditionId);
  }
  metrics.pairs.set(bindings.length);

  let ledger: Ledger | undefined;
  if (!config.dryRun) {
    ledger = new Ledger({ path: o.ledgerPath });
    if (o.tapePath !== undefined) tapeLog = createWriteStream(o.tapePath, { flags: "a", mode: 0o600 });
    const tape = tapeLog;
    const venues: Partial<Record<VenueId, EngineVenue>> = {};
    if (o.world === "PAPER") {
      const paper = (venue: VenueId, depth: EngineVenue["depth"]) =>
        new PaperExec({
          venue,
          depth,
          rules:
            venue === "kalshi"
              ? { lotHundredths: 100, minOrderHundredths: 100, tickUnits: 100, feeRatePpm: 70_000, feeExponent: 1, precisionMicros: 10_000 }
              : { lotHundredths: 1, minOrderHundredths: 100, tickUnits: 100, feeRatePpm: 0, feeExponent: 1, precisionMicros: 10_000 },
          balanceMicros: config.trading.simulatorBalanceMicros,
          latencyMs: 50,
          partialFillPpm: 50_000,
          sink,
        });
      const kd = kalshiDepth(kalshi.marketData);
      venues.kalshi = { orders: paperExecVenue(paper("kalshi", kd)), depth: kd };
      venues.polymarket = { orders: paperExecVenue(paper("polymarket", polyDepth)), depth: polyDepth };
    } else {
      venues.kalshi = { orders: kalshiExecVenue(kalshi.rest), depth: kalshiDepth(kalshi.marketData) };
      if (poly.exec !== undefined) venues.polymarket = { orders: polymarketExecVenue(poly.exec), depth: polymarketDepth(poly.marketData) };
    }
    exec = createExecutionEngine({
      // The config file's execution section, with what only the run knows: the pairs discovery accepted pass the
      // match-confidence gate, simulated games may have started, and Polymarket's minimum comes from its markets (each
      // pair's fee from its own market).
      config: {
        ...config.execution,
        risk: {
          ...config.execution.risk,
          minMatchConfidencePpm: Math.round(config.discovery.minConfidence * 1_000_000),
          allowAfterGameStart: config.execution.risk.allowAfterGameStart || o.world === "SIMULATOR",
        },
        venues: {
          ...config.execution.venues,
          polymarket: {
            ...config.execution.venues.polymarket,
            minOrderHundredths: Math.max(config.execution.venues.polymarket.minOrderHundredths, polyMinOrder),
          },
        },
      },
      pairs: bindings.map((b) => ({
        pair: b.pair,
        eventId: b.eventTicker,
        kalshiMarket: b.entry.kalshiTicker,
        polymarketMarket: b.market,
        gameStartMs: b.entry.startMs,
        matchConfidencePpm: Math.round(b.entry.confidence * 1_000_000),
        ...(b.entry.eventMarkets !== undefined && { eventMarkets: b.entry.eventMarkets }),
        polymarketFee: b.polyFee,
      })),
      detection: engine,
      venues,
      ledger,
      logger: logger.child({ component: "execution" }),
      alerts: createAlertSink({ logger: logger.child({ component: "alerts" }), ...config.alerts, ...o.secrets.alerts }),
      now,
      onCommitted(ids) {
        const pair = ids[0] === undefined ? undefined : exec?.state.orders.get(ids[0])?.pair;
        if (pair !== undefined) timing.onCommitted(pair, ids);
      },
      ...(tape !== undefined && { tape: (line: string) => tape.write(`${line}\n`) }),
      onOrdersSent(ids) {
        const t = hrUs();
        for (const id of ids) {
          sentAtUs.set(id, t);
          const v = exec?.state.orders.get(id)?.venue;
          if (v !== undefined) metrics.orders.inc({ venue: v });
        }
      },
    });
    if (o.eventLogPath !== undefined) {
      eventLog = createWriteStream(o.eventLogPath, { flags: "a" });
      latencyLog = createWriteStream(join(dirname(o.eventLogPath), "latency.jsonl"), { flags: "a" });
    }
    exec.subscribe((e) => {
      store.onExecutionEvent(e);
      eventLog?.write(`${JSON.stringify(e)}\n`);
      switch (e.kind) {
        case "arb.started":
          metrics.arbsTaken.inc({ type: e.type });
          logger.info(
            { event: e.kind, arbId: e.arbId, pair: e.pair, type: e.type, sizeHundredths: e.sizeHundredths, expectedProfitMicros: e.expectedProfitMicros },
            "arb started",
          );
          break;
        case "order.changed": {
          const sent = sentAtUs.get(e.clientOrderId);
          if (sent !== undefined && e.from === "sent") {
            sentAtUs.delete(e.clientOrderId);
            const us = hrUs() - sent;
            store.orderAck.record(us, exec?.state.orders.get(e.clientOrderId)?.venue ?? "unknown");
          }
          if (e.to === "rejected") metrics.rejects.inc();
          break;
        }
        case "fill.booked":
          metrics.fills.inc({ venue: e.venue });
          break;
        case "arb.closed":
          logger.info(
            {
              event: e.kind,
              arbId: e.arbId,
              pair: e.pair,
              matchedHundredths: e.matchedHundredths,
              pnlMicros: e.pnlMicros,
              expectedProfitMicros: e.expectedProfitMicros,
            },
            "arb closed",
          );
          break;
        case "alert.raised":
          break;
        default:
          logger.debug({ event: e.kind }, "execution event");
      }
    });
    const report = await exec.start();
    // A breaker a shutdown of an earlier version left tripped (shutdowns stop entries on their own now) is lifted.
    if (exec.state.breaker.tripped?.detail === SHUTDOWN_DETAIL) exec.resetBreaker();
    if (report.differences.length > 0) logger.warn({ differences: report.differences.length, cancelled: report.cancelled }, "reconciled with differences");
  }

  kalshi.marketData.track(bindings.map((b) => ({ market: b.entry.kalshiTicker, pair: b.pair })));
  kalshi.marketData.start();
  await poly.marketData.trackAsync(bindings.map((b) => ({ market: b.market, pair: b.pair, yesTokenId: b.entry.yesTokenId, noTokenId: b.entry.noTokenId })));
  poly.marketData.start();
  if (poly.user !== undefined) {
    poly.user.watch([...new Set(bindings.map((b) => b.entry.conditionId))]);
    poly.user.start();
  }

  const snapshot = (): Snapshot =>
    buildSnapshot({
      world: o.world,
      dryRun: config.dryRun,
      startedMs,
      nowMs: now(),
      staleAfterMs: config.execution.risk.maxBookAgeMs,
      pairs: labels,
      store,
      views: engine.views(),
      exec: exec?.state,
      games: exec?.games ?? new Map(),
      gameOf: exec?.gameOf ?? new Map(),
      booksInconsistent: { kalshi: kalshi.marketData.counters().inconsistent_book ?? 0, polymarket: poly.marketData.counters().inconsistent_book ?? 0 },
    });

  let done: Promise<Snapshot> | undefined;
  return {
    store,
    snapshot,
    subscribe: (l) => exec?.subscribe(l) ?? (() => {}),
    shutdown() {
      done ??= (async () => {
        exec?.stopEntries();
        // In-flight orders get 5 s to be answered; what still works is cancelled through the engine, so the ledger
        // records each cancel; what is still working after that is named.
        const working = (await exec?.cancelWorking(5_000, 3_000)) ?? 0;
        if (working > 0) logger.warn({ working }, "orders still working at shutdown; the next start reconciles them with the venue");
        const final = snapshot();
        await exec?.close();
        ledger?.close();
        timing.close();
        for (const log of [eventLog, latencyLog, tapeLog]) await new Promise<void>((r) => (log === undefined ? r() : log.end(() => r())));
        store.closing = true;
        await Promise.all([kalshi.close(), poly.close()]);
        return final;
      })();
      return done;
    },
  };
}
