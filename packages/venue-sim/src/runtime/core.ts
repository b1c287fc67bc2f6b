import { type KeyObject, createPublicKey } from "node:crypto";
import { KALSHI_PRECISION_DIRECT_MICROS, KALSHI_PRECISION_RETAIL_MICROS } from "@arb/domain";
import type { BookSide } from "../engine/book.js";
import { type Exchange, type ExchangeEvent, type OrderRequest, type Step, type SubmitResult, createExchange } from "../engine/exchange.js";
import { type FairState, drawWinner, initialFair, outcomeFairUnits, stepFair } from "../generator/fair-value.js";
import { type Game, generateGames } from "../generator/games.js";
import { type HouseLevels, ladder, planArbQuote } from "../generator/quotes.js";
import { type Rng, createRng } from "../generator/rng.js";
import type { EventLog } from "../log/event-log.js";
import type { Scenario, TimelineEvent } from "../scenario/schema.js";
import { type ArbWindow, type Bus, createBus } from "./bus.js";
import { createIdSource } from "./ids.js";

export const KALSHI_TICK_UNITS = 100;
const HOUSE = "house-kalshi";

export type OrderFaultMode = "reject" | "timeout" | "late-fill";
export interface OrderFault {
  readonly mode: OrderFaultMode;
  readonly delayMs: number;
}

export interface KalshiKey {
  readonly keyId: string;
  readonly accountId: string;
  readonly publicKey: KeyObject;
}

/** The wire-facing knobs of the Kalshi server that faults and the admin API change at run time. */
export interface KalshiKnobs {
  latencyAllMs: number;
  readonly latencyByEndpoint: Map<string, number>;
  readPerSec: number;
  writePerSec: number;
  readonly wsPingMs: number;
  readonly authSkewMs: number;
  readonly faults: OrderFault[];
}

interface Scheduled {
  readonly atMs: number;
  readonly run: (nowMs: number) => void;
}

/**
 * The simulator's imperative core: the scenario clock, the seeded generator (games, fair values, simulated
 * makers, lifecycle, timeline) and the venue exchanges. Time only moves through advance(), in whole ticks
 * from the start, so a driven clock and a seed reproduce a run exactly.
 */
export interface SimCore {
  readonly scenario: Scenario;
  readonly games: readonly Game[];
  readonly bus: Bus;
  readonly log: EventLog;
  readonly kalshi: Exchange;
  readonly kalshiKnobs: KalshiKnobs;
  readonly clock: () => number;
  advance(): number;
  publish(venue: "kalshi", step: Step<unknown>): void;
  createKalshiAccount(publicKeyPem: string, balanceMicros: number, direct: boolean): { keyId: string; accountId: string };
  kalshiKey(keyId: string): KalshiKey | undefined;
  setHouseBook(ticker: string, yes: readonly (readonly [number, number])[], no: readonly (readonly [number, number])[]): void;
  injectArb(ticker: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow;
  pauseKalshi(paused: boolean): void;
  /**
   * The "late fill" of a one-sided scenario: the crossing house liquidity vanishes just before the order
   * arrives, so it rests (as good-till-canceled); the house fills it `delayMs` later. The market's makers
   * hold still until then so the fill really is late.
   */
  submitLateFill(req: OrderRequest, delayMs: number): Step<SubmitResult>;
  fire(e: TimelineEvent): void;
}

export function createCore(scenario: Scenario, clock: () => number, log: EventLog): SimCore {
  const rng: Rng = createRng(scenario.seed);
  const t0 = clock();
  const games = generateGames(scenario, rng, t0);
  const bus = createBus();
  const nextOrderId = createIdSource(scenario.seed);
  const nextKeyId = createIdSource(0x6b657973);
  const kalshi = createExchange(nextOrderId);
  const keys = new Map<string, KalshiKey>();
  const fair = new Map<string, FairState>();
  const pinned = new Map<string, HouseLevels>();
  const windows = new Map<string, ArbWindow>();
  const frozenUntil = new Map<string, number>();
  const scheduled: Scheduled[] = [];
  const timeline = [...scenario.timeline].sort((a, b) => a.atMs - b.atMs);
  let timelineIdx = 0;
  let nextTickMs = t0;
  let lastRequoteMs = Number.NEGATIVE_INFINITY;
  let accountCount = 0;
  const knobs: KalshiKnobs = {
    latencyAllMs: 0,
    latencyByEndpoint: new Map(),
    readPerSec: scenario.kalshi.readPerSec,
    writePerSec: scenario.kalshi.writePerSec,
    wsPingMs: scenario.kalshi.wsPingMs,
    authSkewMs: scenario.kalshi.authSkewMs,
    faults: [],
  };

  kalshi.addAccount({ accountId: HOUSE, balanceMicros: 1e15, precisionMicros: KALSHI_PRECISION_DIRECT_MICROS, unlimited: true });
  for (const g of games) {
    fair.set(g.gameId, initialFair(rng));
    const fees = scenario.kalshi.series[g.seriesTicker];
    for (const m of g.markets) {
      kalshi.addMarket({
        ticker: m.ticker,
        eventTicker: g.eventTicker,
        seriesTicker: g.seriesTicker,
        takerRatePpm: fees?.takerRatePpm ?? scenario.kalshi.takerRatePpm,
        makerRatePpm: fees?.makerRatePpm ?? scenario.kalshi.makerRatePpm,
        tickUnits: KALSHI_TICK_UNITS,
      });
    }
  }

  function publish(venue: "kalshi", step: Step<unknown>): void {
    if (step.events.length === 0) return;
    const simMs = clock();
    for (const e of step.events) logExchangeEvent(venue, e, simMs);
    bus.publish({ kind: "exchange.stepped", venue, events: step.events });
  }

  function logExchangeEvent(venue: "kalshi", e: ExchangeEvent, simMs: number): void {
    if (e.kind === "fill.booked") log.append("fill.booked", simMs, { venue, fill: e.fill });
    else if (e.kind === "market.changed") log.append("market.changed", simMs, { venue, ticker: e.market.ticker, status: e.market.status, result: e.market.result });
    else if (e.kind === "account.settled") log.append("account.settled", simMs, { venue, ...e });
  }

  function replaceHouse(ticker: string, levels: HouseLevels, nowMs: number): void {
    for (const side of ["bid", "ask"] as const satisfies readonly BookSide[]) {
      publish("kalshi", kalshi.replaceLevels(HOUSE, ticker, side, side === "bid" ? levels.bids : levels.asks, nowMs));
    }
  }

  function fairOf(ticker: string): number {
    for (const g of games) {
      const m = g.markets.find((x) => x.ticker === ticker);
      const f = fair.get(g.gameId);
      if (m !== undefined && f !== undefined) return outcomeFairUnits(g, f).get(m.outcome) ?? 5000;
    }
    return 5000;
  }

  /** The house's base liquidity for a market: the pinned book, or the maker ladder around fair value. */
  function baseLevels(ticker: string): HouseLevels {
    const pin = pinned.get(ticker);
    if (pin !== undefined) return pin;
    const mm = scenario.marketMakers;
    if (!mm.enabled) return { bids: new Map(), asks: new Map() };
    return ladder(fairOf(ticker), { ...mm, tickUnits: KALSHI_TICK_UNITS }, rng);
  }

  function withWindow(base: HouseLevels, w: ArbWindow): HouseLevels {
    const bids = new Map(base.bids);
    const asks = new Map(base.asks);
    const bidUnits = 10_000 - w.noAskUnits;
    bids.set(bidUnits, (bids.get(bidUnits) ?? 0) + w.sizeHundredths);
    asks.set(w.yesAskUnits, (asks.get(w.yesAskUnits) ?? 0) + w.sizeHundredths);
    return { bids, asks };
  }

  function requote(nowMs: number): void {
    for (const g of games) {
      for (const m of g.markets) {
        if (pinned.has(m.ticker) || windows.has(m.ticker) || kalshi.market(m.ticker)?.status !== "active") continue;
        if ((frozenUntil.get(m.ticker) ?? Number.NEGATIVE_INFINITY) > nowMs) continue;
        replaceHouse(m.ticker, baseLevels(m.ticker), nowMs);
      }
    }
  }

  function lifecycle(nowMs: number): void {
    for (const g of games) {
      const first = kalshi.market(g.markets[0]?.ticker ?? "");
      if (first === undefined) continue;
      if (nowMs >= g.endMs && first.status === "active") {
        for (const m of g.markets) publish("kalshi", kalshi.closeMarket(m.ticker, nowMs));
      }
      if (nowMs >= g.settleMs && first.status !== "finalized") {
        const winner = drawWinner(g, fair.get(g.gameId) ?? { logit: 0 }, rng);
        for (const m of g.markets) publish("kalshi", kalshi.settleMarket(m.ticker, m.outcome === winner ? "yes" : "no", nowMs));
      }
    }
  }

  function step(nowMs: number): void {
    while (timelineIdx < timeline.length && t0 + (timeline[timelineIdx]?.atMs ?? 0) <= nowMs) {
      const e = timeline[timelineIdx] as TimelineEvent;
      timelineIdx += 1;
      log.append("scenario.fired", nowMs, { event: e });
      fire(e);
    }
    scheduled.sort((a, b) => a.atMs - b.atMs);
    while (scheduled.length > 0 && (scheduled[0]?.atMs ?? Number.POSITIVE_INFINITY) <= nowMs) scheduled.shift()?.run(nowMs);
    const mm = scenario.marketMakers;
    for (const g of games) {
      const f = fair.get(g.gameId);
      if (f !== undefined && nowMs < g.endMs) fair.set(g.gameId, stepFair(f, rng, scenario.tickMs, mm.volatilityBps));
    }
    lifecycle(nowMs);
    if (nowMs - lastRequoteMs >= mm.requoteMs) {
      lastRequoteMs = nowMs;
      requote(nowMs);
    }
  }

  function closeWindow(w: ArbWindow, nowMs: number): void {
    if (windows.get(w.ticker)?.windowId !== w.windowId) return;
    windows.delete(w.ticker);
    if (kalshi.market(w.ticker)?.status === "active") replaceHouse(w.ticker, baseLevels(w.ticker), nowMs);
    log.append("arb.window-closed", nowMs, { window: w });
    bus.publish({ kind: "arb.window-closed", window: w });
  }

  function injectArb(ticker: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow {
    const target = ticker ?? kalshi.markets().find((m) => m.status === "active" && !windows.has(m.ticker))?.ticker;
    const market = target === undefined ? undefined : kalshi.market(target);
    if (market === undefined || market.status !== "active") throw new RangeError(`no open Kalshi market ${ticker ?? "to inject into"}`);
    const nowMs = clock();
    // Centre on the book when it has both sides (a pinned book need not sit at fair value), so the window's
    // quotes are the top of the book on both sides.
    const bid = market.book.bids[0]?.priceUnits;
    const ask = market.book.asks[0]?.priceUnits;
    const centre = bid !== undefined && ask !== undefined && bid < ask ? Math.round((bid + ask) / 2) : fairOf(market.ticker);
    const q = planArbQuote(centre, edgeBps, KALSHI_TICK_UNITS, market.takerRatePpm);
    const prior = windows.get(market.ticker);
    if (prior !== undefined) closeWindow(prior, nowMs);
    const w: ArbWindow = {
      windowId: nextOrderId(),
      venue: "kalshi",
      ticker: market.ticker,
      ...q,
      sizeHundredths,
      openedMs: nowMs,
      closesMs: nowMs + durationMs,
    };
    windows.set(market.ticker, w);
    replaceHouse(market.ticker, withWindow(baseLevels(market.ticker), w), nowMs);
    log.append("arb.window-opened", nowMs, { window: w });
    bus.publish({ kind: "arb.window-opened", window: w });
    scheduled.push({ atMs: w.closesMs, run: (t) => closeWindow(w, t) });
    return w;
  }

  function pauseKalshi(paused: boolean): void {
    const nowMs = clock();
    publish("kalshi", kalshi.setPaused(paused, nowMs));
    log.append("venue.paused", nowMs, { venue: "kalshi", paused });
    bus.publish({ kind: "venue.paused", venue: "kalshi", paused });
  }

  function fire(e: TimelineEvent): void {
    const nowMs = clock();
    switch (e.kind) {
      case "arb.inject":
        injectArb(e.ticker, e.edgeBps, e.sizeHundredths, e.durationMs);
        return;
      case "venue.pause":
        pauseKalshi(e.paused);
        return;
      case "connections.kill":
        log.append("connections.killed", nowMs, { venue: e.venue });
        bus.publish({ kind: "connections.killed", venue: e.venue });
        return;
      case "latency.set":
        if (e.endpoint === undefined) knobs.latencyAllMs = e.ms;
        else knobs.latencyByEndpoint.set(e.endpoint, e.ms);
        return;
      case "ws.seq-gap":
        bus.publish({ kind: "seq-gap.armed", venue: e.venue, skip: e.skip });
        return;
      case "ws.malformed":
        bus.publish({ kind: "malformed.requested", venue: e.venue, count: e.count });
        return;
      case "orders.fault":
        for (let i = 0; i < e.count; i++) knobs.faults.push({ mode: e.mode, delayMs: e.delayMs });
        return;
      case "rate-limit.set":
        knobs.readPerSec = e.readPerSec;
        knobs.writePerSec = e.writePerSec;
        return;
    }
  }

  const core: SimCore = {
    scenario,
    games,
    bus,
    log,
    kalshi,
    kalshiKnobs: knobs,
    clock,
    advance() {
      const now = clock();
      while (nextTickMs <= now) {
        step(nextTickMs);
        nextTickMs += scenario.tickMs;
      }
      return now;
    },
    publish,
    createKalshiAccount(publicKeyPem, balanceMicros, direct) {
      const publicKey = createPublicKey(publicKeyPem);
      if (publicKey.asymmetricKeyType !== "rsa") throw new TypeError("Kalshi API keys are RSA keys");
      accountCount += 1;
      const accountId = `acct-${accountCount}`;
      const keyId = nextKeyId();
      kalshi.addAccount({ accountId, balanceMicros, precisionMicros: direct ? KALSHI_PRECISION_DIRECT_MICROS : KALSHI_PRECISION_RETAIL_MICROS });
      keys.set(keyId, { keyId, accountId, publicKey });
      return { keyId, accountId };
    },
    kalshiKey: (keyId) => keys.get(keyId),
    setHouseBook(ticker, yes, no) {
      if (kalshi.market(ticker) === undefined) throw new RangeError(`unknown Kalshi market ${ticker}`);
      const levels: HouseLevels = {
        bids: new Map(yes.map(([p, s]) => [p, s])),
        asks: new Map(no.map(([q, s]) => [10_000 - q, s])),
      };
      pinned.set(ticker, levels);
      const w = windows.get(ticker);
      replaceHouse(ticker, w === undefined ? levels : withWindow(levels, w), clock());
    },
    injectArb,
    pauseKalshi,
    submitLateFill(req, delayMs) {
      const nowMs = clock();
      const base = baseLevels(req.ticker);
      const keep = (levels: ReadonlyMap<number, number>, crossing: (p: number) => boolean) =>
        new Map([...levels].filter(([p]) => !crossing(p)));
      const withdrawn: HouseLevels =
        req.side === "bid"
          ? { bids: base.bids, asks: keep(base.asks, (p) => p <= req.priceUnits) }
          : { bids: keep(base.bids, (p) => p >= req.priceUnits), asks: base.asks };
      frozenUntil.set(req.ticker, nowMs + delayMs);
      replaceHouse(req.ticker, withdrawn, nowMs);
      const step = kalshi.submit({ ...req, timeInForce: "good_till_canceled" }, nowMs);
      publish("kalshi", step);
      const placed = step.result;
      if (!placed.ok) return step;
      scheduled.push({
        atMs: nowMs + delayMs,
        run: (t) => {
          const o = kalshi.order(placed.order.orderId);
          if (o === undefined || o.status !== "resting") return;
          publish(
            "kalshi",
            kalshi.submit(
              {
                accountId: HOUSE,
                ticker: o.ticker,
                side: o.side === "bid" ? "ask" : "bid",
                priceUnits: o.priceUnits,
                countHundredths: o.remainingHundredths,
                timeInForce: "immediate_or_cancel",
                selfTradePrevention: "skip",
                postOnly: false,
                cancelOnPause: false,
                clientOrderId: "",
              },
              t,
            ),
          );
        },
      });
      return step;
    },
    fire,
  };
  return core;
}

