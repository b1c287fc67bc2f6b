import { randomBytes } from "node:crypto";
import { type DetectionEngine, decodeRecord } from "@arb/core-wasm";
import type { VenueId } from "@arb/domain";
import type { OrderAck, VenueEvent, VenueResult } from "@arb/venues";
import type { Logger } from "pino";
import type { AlertSink } from "../alerts.js";
import { ExecutionConfig, type ExecutionConfigInput, PairSpec, type PairSpecInput } from "../config.js";
import { TERMINAL } from "../core/order-fsm.js";
import type { Game } from "../core/holdings.js";
import { type ExecutionEvent, assertNever } from "../events.js";
import type { Ledger } from "../ledger/sqlite.js";
import { marketOf } from "../core/legs.js";
import type { Difference } from "../core/reconcile.js";
import { type BookReader, type Command, type EngineInput, type ExecState, type LedgerWrite, freshnessOf, stepContext } from "../core/state.js";
import { createExecState, step } from "../core/dispatch.js";
import type { DepthSource, ExecVenue, IdentifiedOrder } from "../venue/port.js";
import { SettlementWatch } from "./settlement-watch.js";
import { VENUE_MECHANICS } from "../core/venue-rules.js";
import { createPairLocks } from "./in-flight.js";
import { createReconciler } from "./reconcile-io.js";
import { createTapeRecorder } from "./tape.js";
import { createRecovery } from "./recovery.js";
import { DecisionWarmer } from "./warmup.js";

/** One venue as the engine uses it: its order port (placing, cancelling, finding orders and fills) and its depth. */
export interface EngineVenue {
  readonly orders: ExecVenue;
  readonly depth: DepthSource;
}

export interface EngineOptions {
  readonly config?: ExecutionConfigInput;
  readonly pairs: readonly PairSpecInput[];
  readonly detection: DetectionEngine;
  readonly venues: Partial<Record<VenueId, EngineVenue>>;
  readonly ledger: Ledger;
  readonly logger: Logger;
  readonly alerts?: AlertSink;
  readonly now?: () => number;
  /** Prefix of this process's ids (default: 8 random hex digits). */
  readonly runId?: string;
  /** Latency hooks: the step's writes are journaled (durable) and its orders are about to be sent… */
  readonly onCommitted?: (clientOrderIds: readonly string[]) => void;
  /** …and every order of the step has been handed to its venue client. */
  readonly onOrdersSent?: (clientOrderIds: readonly string[]) => void;
  /**
   * The decision tape (tape.ts), off unless given: one JSON line per step, without its newline, for `replayTape`. The
   * caller owns where it goes (a file stream: the engine never waits for it).
   */
  readonly tape?: (line: string) => void;
}

export interface ReconcileReport {
  readonly differences: readonly Difference[];
  readonly cancelled: number;
}

export interface ExecutionEngine {
  /** Feed every venue client event here (the clients' sink). */
  onVenueEvent(e: VenueEvent): void;
  /** Loads the ledger, reconciles with every venue, cancels orphans and reports each difference. */
  start(): Promise<ReconcileReport>;
  subscribe(listener: (e: ExecutionEvent) => void): () => void;
  resetBreaker(): void;
  tripBreaker(detail: string): void;
  /** No new arb from now on (a shutdown): what is in flight is finished, hedges and unwinds go on. Not an alert. */
  stopEntries(): void;
  /**
   * A shutdown's last word to the venues: orders in flight get `graceMs` to be answered, then every order still
   * working is cancelled through the engine, so the ledger records each cancel and its answer; resolves once every
   * order is terminal or `waitMs` more has passed, with the number of orders still working.
   */
  cancelWorking(graceMs: number, waitMs: number): Promise<number>;
  /** A venue market resolved; `winner` is the side that pays, in the venue's orientation. */
  settle(venue: VenueId, market: string, winner: "yes" | "no"): void;
  readonly state: ExecState;
  /** The games of the pair set and the game of each holding they name (holdings.ts), to value what is held. */
  readonly games: ReadonlyMap<string, Game>;
  readonly gameOf: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

const NEVER_SEEN = freshnessOf(0, true);

const venueOf = (v: string): VenueId => (v === "kalshi" ? "kalshi" : "polymarket");

/**
 * The imperative shell: venue events in, the pure `step` decides, ledger writes commit in one transaction, then
 * orders, cancels, lookups, timers, releases, alerts and events are carried out. Venue answers come back in as
 * inputs. Nothing here decides anything.
 */
export function createExecutionEngine(options: EngineOptions): ExecutionEngine {
  const config = ExecutionConfig.parse(options.config ?? {});
  const pairs = new Map(options.pairs.map((p) => PairSpec.parse(p)).map((p) => [p.pair, p]));
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const ledger = options.ledger;
  const detection = options.detection;
  const runId = options.runId ?? randomBytes(4).toString("hex");
  const startMs = now();
  const state = createExecState(runId, startMs);
  const listeners = new Set<(e: ExecutionEvent) => void>();
  const timers = new Map<string, NodeJS.Timeout>();
  const rechecks = new Map<number, NodeJS.Timeout>();
  const freshness = new Map<string, ReturnType<typeof freshnessOf>>();
  /** Per venue that can take a fill back: the fills whose outcome is not known yet. */
  const watches = new Map<VenueId, SettlementWatch>();
  /** Books that moved while arbs are exposed, re-planned once the frame that moved them is handled. */
  const movedBooks = new Map<string, { readonly venue: VenueId; readonly market: string }>();
  let closed = false;
  let tick: NodeJS.Timeout | undefined;
  let settlementCheck: NodeJS.Timeout | undefined;
  let checkingSettlements = false;
  let keepWarm: NodeJS.Timeout | undefined;

  const locks = createPairLocks(detection);

  const asks: BookReader["asks"] = (venue, market, outcome) => options.venues[venue]?.depth.asks(market, outcome) ?? [];
  const freshnessOfBook: BookReader["freshness"] = (venue, market) => freshness.get(`${venue}:${market}`) ?? NEVER_SEEN;
  const ctx = stepContext(config, pairs, asks, freshnessOfBook, locks.isFree);
  const recovery = createRecovery({ state, ledger, pairs, locks, gameOf: ctx.gameOf, logger, now });
  // Taping steps through its own context, whose readers copy each answer; without a tape the live context is used as is.
  const tape =
    options.tape === undefined
      ? undefined
      : createTapeRecorder({ state, config, pairs, startMs, asks, freshness: freshnessOfBook, isFree: locks.isFree, write: options.tape });
  const reconciler = createReconciler({
    state,
    ledger,
    logger,
    config,
    now,
    venues: options.venues,
    dispatch,
    emit,
    watchOf,
    watches,
    adoptArbOf:
      tape === undefined
        ? recovery.adoptArbOf
        : (clientOrderId) => {
            recovery.adoptArbOf(clientOrderId);
            tape.syncState();
          },
    isClosed: () => closed,
  });

  function emit(e: ExecutionEvent): void {
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        logger.error({ err: String(err), kind: e.kind }, "execution event listener threw");
      }
    }
  }

  function dispatch(input: EngineInput): void {
    if (closed) return;
    let commands: Command[];
    try {
      commands = tape === undefined ? step(state, input, ctx, now()) : tape.step(input, now());
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.stack : String(err), input: input.kind }, "execution step failed");
      return;
    }
    run(commands);
  }

  function run(commands: readonly Command[]): void {
    // In-flight claims first, before anything below can send an order or dispatch another input (a synchronous
    // answer, an identification): the step read the pair free, and nothing has run since.
    for (const c of commands) if (c.kind === "pair.claim") claimPair(c);
    const writes: LedgerWrite[] = [];
    for (const c of commands) if (c.kind === "ledger.write") writes.push(c.write);
    for (const w of writes) {
      if (w.kind === "fill") watchOf(w.row.venue)?.add(w.row.fillId, w.row.market, w.row.tsMs);
      else if (w.kind === "fill-reversed") watches.get(w.row.venue)?.done(w.row.fillId);
    }
    const identified = identifyOrders(commands, writes);
    // On disk before anything is sent: a crash after this line cannot lose the order's existence. A step that
    // sends orders journals its writes (one append) and commits them to SQLite once the orders are on their way.
    const sends = commands.some((c) => c.kind === "order.place");
    if (sends) ledger.stage(writes);
    // Most steps write nothing (a refused opportunity, a book change with nothing to resolve): no transaction then.
    else if (writes.length > 0) ledger.apply(writes);
    let placed: string[] | undefined;
    // Orders first: events, alerts and timers of the same step wait until both legs are on their way; the venue whose
    // request is ready goes first (`sendRank`: Kalshi's; a Polymarket send may still have signing to do).
    const places = sends ? commands.filter((c): c is Extract<Command, { kind: "order.place" }> => c.kind === "order.place") : [];
    if (places.length > 1) places.sort((a, b) => VENUE_MECHANICS[a.venue].sendRank - VENUE_MECHANICS[b.venue].sendRank);
    for (const c of places) {
      if (placed === undefined) {
        placed = places.map((p) => p.intent.clientOrderId);
        options.onCommitted?.(placed);
      }
      const v = options.venues[c.venue];
      const id = c.intent.clientOrderId;
      if (v === undefined) {
        dispatch({
          kind: "order.answered",
          clientOrderId: id,
          result: { ok: false, error: { venue: c.venue, code: "VENUE_NOT_CONFIGURED", outcome: "rejected", message: c.venue } },
        });
        continue;
      }
      const s = identified?.get(id);
      const sent: Promise<VenueResult<OrderAck>> =
        s === undefined
          ? v.orders.client.placeOrder(c.intent)
          : s.ok
            ? s.value.send((venueOrderId) => dispatch({ kind: "order.identified", clientOrderId: id, venueOrderId }))
            : Promise.resolve({ ok: false, error: s.error });
      settle(sent, c.venue, (result) => dispatch({ kind: "order.answered", clientOrderId: id, result }));
    }
    if (placed !== undefined) options.onOrdersSent?.(placed);
    if (sends) ledger.commitStaged();
    for (const c of commands) {
      switch (c.kind) {
        case "ledger.write":
        case "order.place":
        case "pair.claim":
          break;
        case "order.cancel": {
          const v = options.venues[c.venue];
          if (v !== undefined)
            settle(v.orders.client.cancelOrder(c.venueOrderId), c.venue, (result) =>
              dispatch({ kind: "cancel.answered", clientOrderId: c.clientOrderId, result }),
            );
          break;
        }
        case "order.lookup": {
          const v = options.venues[c.venue];
          if (v === undefined) break;
          settle(v.orders.findOrder(c.market, c.clientOrderId, c.venueOrderId), c.venue, (result) =>
            dispatch({ kind: "order.looked-up", clientOrderId: c.clientOrderId, result }),
          );
          break;
        }
        case "fills.fetch": {
          const v = options.venues[c.venue];
          if (v !== undefined)
            settle(v.orders.fillsOf(c.venueOrderId), c.venue, (result) =>
              dispatch({ kind: "fills.fetched", venue: c.venue, clientOrderId: c.clientOrderId, result }),
            );
          break;
        }
        case "timer.set": {
          clearTimeout(timers.get(c.arbId));
          const t = setTimeout(
            () => {
              timers.delete(c.arbId);
              dispatch({ kind: "timer.fired", arbId: c.arbId });
            },
            Math.max(0, c.atMs - now()),
          );
          timers.set(c.arbId, t);
          break;
        }
        case "pair.release":
          // An arb of an earlier run whose markets no pair of this run trades has no lock to release.
          if (c.pair >= 0) locks.release(c.pair, now(), c.cooldownMs);
          break;
        case "opportunity.recheck": {
          if (rechecks.has(c.pair)) break;
          const t = setTimeout(
            () => {
              rechecks.delete(c.pair);
              const code = detection.checkPair(c.pair, now());
              if (code !== 0) dispatch({ kind: "opportunity.detected", pair: c.pair, type: decodeRecord(detection.result, 0).type });
            },
            Math.max(0, c.atMs - now()),
          );
          rechecks.set(c.pair, t);
          break;
        }
        case "alert.raise":
          options.alerts?.raise(c.alert);
          emit({ kind: "alert.raised", alert: c.alert });
          break;
        case "event.emit":
          emit(c.event);
          break;
        default:
          assertNever(c);
      }
    }
  }

  /**
   * The venue ids of the step's orders where the venue names them before sending (`ExecVenue.identify`), recorded
   * by `order.identified` writes in this same commit, so a crash after the send still finds each order. An order
   * that cannot be identified is not sent: it is answered as rejected.
   */
  function identifyOrders(commands: readonly Command[], writes: LedgerWrite[]): Map<string, VenueResult<IdentifiedOrder>> | undefined {
    let identified: Map<string, VenueResult<IdentifiedOrder>> | undefined;
    for (const c of commands) {
      if (c.kind !== "order.place") continue;
      const v = options.venues[c.venue]?.orders;
      if (v?.identify === undefined) continue;
      const id = c.intent.clientOrderId;
      let r: VenueResult<IdentifiedOrder>;
      try {
        r = v.identify(c.intent);
      } catch (err) {
        r = { ok: false, error: { venue: c.venue, code: "CLIENT_THREW", outcome: "rejected", message: String(err) } };
      }
      identified ??= new Map();
      identified.set(id, r);
      if (!r.ok) continue;
      const input: EngineInput = { kind: "order.identified", clientOrderId: id, venueOrderId: r.value.venueOrderId };
      for (const w of tape === undefined ? step(state, input, ctx, now()) : tape.step(input, now())) if (w.kind === "ledger.write") writes.push(w.write);
    }
    return identified;
  }

  function claimPair(c: Extract<Command, { kind: "pair.claim" }>): void {
    // An arb of an earlier run whose markets no pair of this run trades has no lock to take.
    if (c.pair < 0 || locks.claim(c.pair, c.atMs) || !c.entry) return;
    // Cannot happen while every claim is carried out in the run of the step that read the pair free.
    logger.error({ pair: c.pair }, "in-flight claim refused for a pair the step read free");
  }

  /** Venue calls never throw by contract; if one does, its fate is unknown and goes to reconciliation. */
  function settle<T>(p: Promise<VenueResult<T>>, venue: VenueId, then: (r: VenueResult<T>) => void): void {
    p.then(then, (err: unknown) => then({ ok: false, error: { venue, code: "CLIENT_THREW", outcome: "unknown", message: String(err) } }));
  }

  function onVenueEvent(e: VenueEvent): void {
    switch (e.kind) {
      case "book.top-changed":
        freshness.set(`${e.venue}:${e.market}`, freshnessOf(e.tsMs, false));
        if (state.exposed.size > 0) bookChanged(e.venue, e.market);
        return;
      case "book.stale":
        freshness.set(`${e.venue}:${e.market}`, freshnessOf(freshness.get(`${e.venue}:${e.market}`)?.tsMs ?? 0, true));
        return;
      case "book.restored":
        freshness.set(`${e.venue}:${e.market}`, freshnessOf(now(), false));
        if (state.exposed.size > 0) bookChanged(e.venue, e.market);
        return;
      case "arb.detected":
        // Decided at once: the feeds report a frame's opportunities after applying it, the most profitable first.
        if (pairs.has(e.pair)) dispatch({ kind: "opportunity.detected", pair: e.pair, type: e.type });
        return;
      case "fill.received": {
        const fee = e.fill.feeMicros === undefined ? options.venues[e.venue]?.orders.feeOf?.(e.fill) : undefined;
        dispatch({ kind: "fill.observed", venue: e.venue, fill: fee === undefined ? e.fill : { ...e.fill, feeMicros: fee } });
        return;
      }
      case "fill.reversed":
        dispatch({ kind: "fill.reversed", venue: e.venue, fill: e.fill });
        return;
      case "fill.settled":
        watches.get(e.venue)?.done(e.fill.tradeId ?? e.fill.fillId);
        return;
      case "fees.changed":
        dispatch({ kind: "fees.changed", venue: e.venue, eventId: e.eventTicker, ratePpm: e.ratePpm });
        return;
      case "order.updated":
        dispatch({ kind: "order.observed", venue: e.venue, order: e.order });
        return;
      default:
        return;
    }
  }

  /**
   * Exposed arbs are re-planned when one of their books moves, once the frame that moved it has been handled: the
   * frame's own opportunities are reported after its book changes, and their orders should not wait behind this.
   */
  function bookChanged(venue: VenueId, market: string): void {
    const key = `${venue}:${market}`;
    if (movedBooks.has(key)) return;
    movedBooks.set(key, { venue, market });
    if (movedBooks.size === 1) queueMicrotask(replanMoved);
  }

  function replanMoved(): void {
    const moved = [...movedBooks.values()];
    movedBooks.clear();
    for (const b of moved) dispatch({ kind: "book.changed", venue: b.venue, market: b.market });
  }

  function watchOf(venue: VenueId): SettlementWatch | undefined {
    if (options.venues[venue]?.orders.settlements === undefined) return undefined;
    let w = watches.get(venue);
    if (w === undefined) {
      w = new SettlementWatch(config.execution.settlementGraceMs, config.execution.settlementHorizonMs);
      watches.set(venue, w);
    }
    return w;
  }

  return {
    state,
    games: ctx.games,
    gameOf: ctx.gameOf,
    onVenueEvent,
    async start() {
      recovery.load();
      tape?.syncState();
      ledger.recordPairSpecs([...pairs.values()]);
      const differences: Difference[] = [];
      let cancelled = 0;
      for (const [name, v] of Object.entries(options.venues)) {
        if (v === undefined) continue;
        const venue = venueOf(name);
        if (v.orders.prepare !== undefined) {
          const markets = [...pairs.values()].flatMap((p) => marketOf(p, venue) ?? []);
          const r = await v.orders.prepare(markets);
          if (!r.ok) logger.warn({ venue, code: r.error.code, message: r.error.message }, "venue markets not prepared; the first order loads them");
        }
        const bal = await v.orders.client.balanceMicros();
        if (bal.ok && ledger.expectedBalanceMicros(venue) === undefined) ledger.recordOpeningBalance(venue, bal.value, now());
        // Fills of the last minutes whose outcome this run has not heard (the user channel starts after them): watched
        // from here, so the start-up check below already settles the ones it finds final.
        const w = watchOf(venue);
        if (w !== undefined)
          for (const f of ledger.fillsSince(venue, now() - config.execution.settlementHorizonMs))
            if (f.reversedMs === undefined) w.add(f.fillId, f.market, f.tsMs);
        const r = await reconciler.reconcileVenue(venue, v);
        differences.push(...r.differences);
        cancelled += r.cancelled;
      }
      for (const d of differences) {
        logger.warn({ difference: d }, "reconcile difference");
        emit({ kind: "reconcile.differed", venue: d.venue, difference: d.kind, detail: d.detail, tsMs: now() });
      }
      // Arbs the crash left open: their timers re-drive lookups, fill fetches and excess resolution.
      for (const arb of state.arbs.values()) {
        if (arb.status !== "closed" && arb.status !== "exposed") dispatch({ kind: "timer.fired", arbId: arb.arbId });
      }
      // The decision path and each venue's order path (signing included) meet the first real arb optimised.
      const warmer = new DecisionWarmer(ctx);
      const warmOrders = (n: number) => {
        for (const v of Object.values(options.venues)) v?.orders.warm?.(n);
      };
      logger.debug({ decisions: warmer.rounds(config.execution.warmupRounds, now()) }, "decision path warmed up");
      warmOrders(config.execution.warmupRounds);
      if (config.execution.keepWarmMs > 0) {
        keepWarm = setInterval(() => {
          warmer.once(now());
          warmOrders(1);
        }, config.execution.keepWarmMs);
        keepWarm.unref();
      }
      tick = setInterval(() => dispatch({ kind: "clock.ticked" }), 1_000);
      tick.unref();
      settlementCheck = setInterval(() => {
        if (checkingSettlements) return;
        checkingSettlements = true;
        reconciler
          .checkSettlements()
          .catch((err: unknown) => logger.error({ err: String(err) }, "fill settlement check failed"))
          .finally(() => {
            checkingSettlements = false;
          });
      }, config.execution.settlementGraceMs);
      settlementCheck.unref();
      return { differences, cancelled };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resetBreaker: () => dispatch({ kind: "breaker.reset-requested" }),
    tripBreaker: (detail) => dispatch({ kind: "breaker.trip-requested", detail }),
    stopEntries: () => dispatch({ kind: "entries.stopped" }),
    async cancelWorking(graceMs, waitMs) {
      const working = () => [...state.orders.values()].filter((o) => !TERMINAL.has(o.status)).length;
      const settled = async (ms: number) => {
        const deadline = now() + ms;
        while (working() > 0 && now() < deadline) await new Promise((r) => setTimeout(r, 20));
      };
      await settled(graceMs);
      dispatch({ kind: "orders.cancel-requested" });
      await settled(waitMs);
      return working();
    },
    settle: (venue, market, winner) => dispatch({ kind: "market.settled", venue, market, winner }),
    async close() {
      closed = true;
      clearInterval(tick);
      clearInterval(settlementCheck);
      clearInterval(keepWarm);
      for (const t of timers.values()) clearTimeout(t);
      for (const t of rechecks.values()) clearTimeout(t);
      timers.clear();
      rechecks.clear();
      await options.alerts?.flush();
    },
  };
}
