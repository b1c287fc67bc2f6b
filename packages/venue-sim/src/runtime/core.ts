import { type KeyObject, createPublicKey } from "node:crypto";
import {
  type ArbType,
  KALSHI_PRECISION_DIRECT_MICROS,
  KALSHI_PRECISION_RETAIL_MICROS,
  ONE_DOLLAR_UNITS,
  kalshiSchedule,
  polymarketSchedule,
} from "@arb/domain";
import { type Exchange, type ExchangeEvent, type OrderRequest, type Step, type SubmitResult, createExchange, netExchangeEvents } from "../engine/exchange.js";
import { type EventFeeOverride, type FeeRates, computeOverrideRates, eventFeeOverride } from "../engine/fee-override.js";
import {
  type PolyEvent,
  type PolyExchange,
  type PolyOrderRequest,
  type PolyStep,
  type PolySubmitResult,
  type PolyTrade,
  type TokenIndex,
  createPolyExchange,
  netPolyEvents,
  yesSpace,
} from "../engine/poly-exchange.js";
import { type FairState, drawWinner, initialFair, outcomeFairUnits, stepFair } from "../generator/fair-value.js";
import { type Game, generateGames } from "../generator/games.js";
import { type PolymarketListing, type PolymarketMarketListing, type TwinPair, firstOutcomeFairUnits, listPolymarket } from "../generator/polymarket-listing.js";
import { type HouseLevels, type LegRules, computeWindowProfitMicros, ladder, planArbQuote, planLegQuote } from "../generator/quotes.js";
import { type Rng, createRng } from "../generator/rng.js";
import type { EventLog } from "../log/event-log.js";
import { checkTimeline } from "../scenario/check.js";
import { ScenarioError } from "../scenario/load.js";
import type { Scenario, TimelineEvent } from "../scenario/schema.js";
import { type ArbLeg, type ArbWindow, type Bus, type TradeStatus, createBus } from "./bus.js";
import { type Fanout, createFanout } from "./fanout.js";
import { SIM_LABEL } from "./endpoint.js";
import { createIdSource } from "./ids.js";

export const KALSHI_TICK_UNITS = 100;
const HOUSE = "house-kalshi";
export const POLY_HOUSE = "house-polymarket";

export type OrderFaultMode = "reject" | "timeout" | "late-fill" | "delayed" | "trade-failed";
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
  /** Sockets send nothing (no data, no pings, no pongs) while this is set. */
  silent: boolean;
}

/** The Polymarket servers' run-time knobs. */
export interface PolymarketKnobs {
  latencyAllMs: number;
  readonly latencyByEndpoint: Map<string, number>;
  ordersPer10s: number;
  readsPer10s: number;
  rateLimitMode: "throttle" | "reject";
  readonly authSkewSec: number;
  readonly faults: OrderFault[];
  /** Trades still to fail settlement ("trade-failed" faults armed). */
  failTrades: number;
  silent: boolean;
}

export interface PolymarketWallet {
  /** The EOA as registered (checksummed when the test passed one). */
  readonly address: string;
  readonly signatureType: 0 | 1 | 2;
  /** The order's `maker`: the EOA itself for type 0, the proxy / Safe for 1 and 2. */
  readonly funder: string;
}

export interface PolymarketApiKey {
  readonly key: string;
  readonly secret: string;
  readonly passphrase: string;
  /** Lower-case EOA. */
  readonly address: string;
}

/** Which Polymarket order a late-fill fault holds back, and for how long. */
export type PolymarketPlacement = "now" | { readonly delayMs: number } | { readonly lateFillMs: number };

interface Scheduled {
  readonly atMs: number;
  readonly run: (nowMs: number) => void;
}

/**
 * The simulator's imperative core: the scenario clock, the seeded generator (games, fair values, simulated
 * makers, lifecycle, timeline) and the venue exchanges. Time only moves through advance(), in whole ticks
 * from the start, so a driven clock and a seed reproduce a run exactly. Each engine step (an order, one market's
 * requote, a window opening or closing on one or both venues) goes out once, its level changes netted, so the
 * streams only ever carry books the engine had. A timeline entry or scheduled task that fails is logged and skipped:
 * advance() never throws.
 */
export interface SimCore {
  readonly scenario: Scenario;
  readonly games: readonly Game[];
  readonly bus: Bus;
  readonly log: EventLog;
  readonly kalshi: Exchange;
  readonly kalshiKnobs: KalshiKnobs;
  readonly polymarket: PolyExchange;
  readonly polymarketKnobs: PolymarketKnobs;
  readonly listing: PolymarketListing;
  readonly clock: () => number;
  /** The order each engine step reaches the connections in (a seeded shuffle per step). */
  readonly fanout: Fanout;
  /** Names an account after the client whose endpoint it first came through (or was created for); first label wins. */
  labelAccount(accountId: string, label: string): void;
  /** An account's client label; "sim" for the simulated makers and accounts no client has used yet. */
  accountLabel(accountId: string): string;
  /** The accounts (Kalshi ids, lower-case Polymarket addresses) a client label names. */
  accountsLabelled(label: string): string[];
  advance(): number;
  publish(venue: "kalshi", step: Step<unknown>): void;
  publishPolymarket(step: PolyStep<unknown>): void;
  createPolymarketAccount(address: string, balanceMicros: number, signatureType: 0 | 1 | 2, funder: string): PolymarketWallet;
  polymarketWallet(address: string): PolymarketWallet | undefined;
  /** Registers credentials for an (address, nonce); false when they exist already. */
  addPolymarketKey(creds: PolymarketApiKey, nonce: number): boolean;
  polymarketKeyFor(address: string, nonce: number): PolymarketApiKey | undefined;
  polymarketKey(key: string): PolymarketApiKey | undefined;
  polymarketMarket(conditionId: string): PolymarketMarketListing | undefined;
  /** Where a trade's settlement stands: MATCHED, then MINED / CONFIRMED (or RETRYING / FAILED). */
  polymarketTradeStatus(tradeId: string): { readonly status: "MATCHED" | TradeStatus; readonly updatedMs: number };
  /** Places a Polymarket order now, after the sports delay, or as a late fill. */
  submitPolymarket(req: PolyOrderRequest, placement: PolymarketPlacement): PolyStep<PolySubmitResult>;
  setPolymarketBook(tokenId: string, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void;
  setPolymarketTick(conditionId: string, tickUnits: number): void;
  createKalshiAccount(publicKeyPem: string, balanceMicros: number, direct: boolean): { keyId: string; accountId: string };
  kalshiKey(keyId: string): KalshiKey | undefined;
  setHouseBook(ticker: string, yes: readonly (readonly [number, number])[], no: readonly (readonly [number, number])[]): void;
  injectArb(kind: ArbType, market: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow;
  /** Sets (undefined: clears) a Kalshi event's fee override: its markets' next fills pay the override's rates. */
  setEventFee(eventTicker: string, override: EventFeeOverride | undefined): FeeRates;
  pauseKalshi(paused: boolean): void;
  /**
   * The "late fill" of a one-sided scenario: the crossing house liquidity vanishes just before the order
   * arrives, so it rests (as good-till-canceled); the house fills it `delayMs` later. The market's makers
   * hold still until then so the fill really is late.
   */
  submitLateFill(req: OrderRequest, delayMs: number): Step<SubmitResult>;
  fire(e: TimelineEvent): void;
}

/** Extra resting liquidity a window puts on one book, and the simulated makers' levels it pushes aside. */
interface Overlay {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
  /** Remove maker bids at or above this price (they would cross the window's ask into a same-venue arb). */
  readonly clearBidsFrom: number;
  /** Remove maker asks at or below this price. */
  readonly clearAsksTo: number;
}

interface OpenWindow {
  readonly window: ArbWindow;
  readonly overlays: ReadonlyMap<string, Overlay>;
}

const NO_CLEAR_BIDS = Number.POSITIVE_INFINITY;
const NO_CLEAR_ASKS = Number.NEGATIVE_INFINITY;
const kalshiBook = (ticker: string): string => `kalshi:${ticker}`;
const polyBook = (conditionId: string): string => `polymarket:${conditionId}`;

export function createCore(scenario: Scenario, clock: () => number, log: EventLog): SimCore {
  const rng: Rng = createRng(scenario.seed);
  const t0 = clock();
  const games = generateGames(scenario, rng, t0);
  const listing = listPolymarket(games, scenario, t0);
  const issues = checkTimeline(scenario, {
    kalshi: games.flatMap((g) => g.markets.map((m) => ({ ticker: m.ticker, endMs: g.endMs - t0 }))),
    polymarket: listing.events.flatMap((e, i) => e.markets.map((m) => ({ conditionId: m.conditionId, endMs: (games[i]?.endMs ?? t0) - t0 }))),
    pairs: listing.pairs,
    eventTickers: new Set(games.map((g) => g.eventTicker)),
  });
  if (issues.length > 0) throw new ScenarioError(scenario.name, issues);
  const bus = createBus();
  const fanout = createFanout(scenario.seed);
  const accountLabels = new Map<string, string>();
  const accountLabel = (accountId: string): string => accountLabels.get(accountId.toLowerCase()) ?? SIM_LABEL;
  /** Numbers each engine step that goes out, so frames and window records name the step they belong to. */
  let stepSeq = 0;
  const nextOrderId = createIdSource(scenario.seed);
  const nextKeyId = createIdSource(0x6b657973);
  const nextPolyId = createIdSource(0x706f6c79);
  const kalshi = createExchange(nextOrderId);
  const polymarket = createPolyExchange(nextPolyId);
  const keys = new Map<string, KalshiKey>();
  const wallets = new Map<string, PolymarketWallet>();
  const polyKeys = new Map<string, PolymarketApiKey>();
  const polyKeysByNonce = new Map<string, PolymarketApiKey>();
  const fair = new Map<string, FairState>();
  const pinned = new Map<string, HouseLevels>();
  /**
   * The makers' last quote of each book, as their re-quote published it: a window is someone's order appearing on
   * top of that quote, so opening or closing one sends the window's own levels only, not a re-pricing of the book.
   */
  const quoted = new Map<string, HouseLevels>();
  const windows = new Map<string, OpenWindow>();
  const windowByBook = new Map<string, string>();
  const frozenUntil = new Map<string, number>();
  const scheduled: Scheduled[] = [];
  const timeline = [...scenario.timeline].sort((a, b) => a.atMs - b.atMs);
  const polyMarkets = new Map<string, { readonly listing: PolymarketMarketListing; readonly game: Game }>();
  // Indexes built once at generation so a tick is linear in the games and a requote's fair-value lookup constant.
  const polyMarketsByGame = new Map<Game, PolymarketMarketListing[]>();
  const kalshiMarketGame = new Map<string, { readonly game: Game; readonly outcome: string }>();
  const tradeStatus = new Map<string, { readonly status: "MATCHED" | TradeStatus; readonly updatedMs: number }>();
  let timelineIdx = 0;
  let nextTickMs = t0;
  let accountCount = 0;
  let skipped = 0;
  /** The step asOneStep is gathering; undefined while each publish goes out at once. */
  let gathering: { readonly kalshi: ExchangeEvent[]; readonly polymarket: PolyEvent[] } | undefined;
  const knobs: KalshiKnobs = {
    latencyAllMs: 0,
    latencyByEndpoint: new Map(),
    readPerSec: scenario.kalshi.readPerSec,
    writePerSec: scenario.kalshi.writePerSec,
    wsPingMs: scenario.kalshi.wsPingMs,
    authSkewMs: scenario.kalshi.authSkewMs,
    faults: [],
    silent: false,
  };
  const pm = scenario.polymarket;
  const polyKnobs: PolymarketKnobs = {
    latencyAllMs: 0,
    latencyByEndpoint: new Map(),
    ordersPer10s: pm.ordersPer10s,
    readsPer10s: pm.readsPer10s,
    rateLimitMode: pm.rateLimitMode,
    authSkewSec: pm.authSkewSec,
    faults: [],
    failTrades: 0,
    silent: false,
  };

  /** A series' own rates: what its markets charge with no event fee override. */
  function seriesRates(seriesTicker: string): FeeRates {
    const fees = scenario.kalshi.series[seriesTicker];
    return { takerRatePpm: fees?.takerRatePpm ?? scenario.kalshi.takerRatePpm, makerRatePpm: fees?.makerRatePpm ?? scenario.kalshi.makerRatePpm };
  }

  kalshi.addAccount({ accountId: HOUSE, balanceMicros: 1e15, precisionMicros: KALSHI_PRECISION_DIRECT_MICROS, house: true });
  polymarket.addAccount(POLY_HOUSE, 1e15, true);
  for (const g of games) {
    fair.set(g.gameId, initialFair(rng));
    for (const m of g.markets) {
      kalshiMarketGame.set(m.ticker, { game: g, outcome: m.outcome });
      kalshi.addMarket({
        ticker: m.ticker,
        eventTicker: g.eventTicker,
        seriesTicker: g.seriesTicker,
        ...seriesRates(g.seriesTicker),
        tickUnits: KALSHI_TICK_UNITS,
      });
    }
  }
  listing.events.forEach((e, i) => {
    const game = games[i];
    if (game === undefined) return;
    const ofGame = polyMarketsByGame.get(game) ?? [];
    polyMarketsByGame.set(game, ofGame);
    for (const m of e.markets) {
      polyMarkets.set(m.conditionId, { listing: m, game });
      ofGame.push(m);
      polymarket.addMarket({
        conditionId: m.conditionId,
        tokenIds: [m.outcomes[0].tokenId, m.outcomes[1].tokenId],
        tickUnits: m.tickUnits,
        minOrderHundredths: m.minOrderHundredths,
        takerRatePpm: m.takerRatePpm,
        feeExponent: m.feeExponent,
        negRisk: m.negRisk,
      });
    }
  });

  /**
   * Runs `fn` as one engine step: what it changes on either venue goes out once at the end, netted, Kalshi's frames
   * then Polymarket's, back to back in the same synchronous turn (a cross-venue window opens or closes on both venues
   * at once). Even when `fn` fails half-way, what it did change still goes out, so the streams follow the engine.
   */
  function asOneStep<T>(fn: () => T): T {
    if (gathering !== undefined) return fn();
    const step = { kalshi: [] as ExchangeEvent[], polymarket: [] as PolyEvent[] };
    gathering = step;
    try {
      return fn();
    } finally {
      gathering = undefined;
      stepSeq += 1;
      emitKalshi(step.kalshi, stepSeq);
      emitPolymarket(step.polymarket, stepSeq);
    }
  }

  function publish(_venue: "kalshi", step: Step<unknown>): void {
    if (gathering !== undefined) gathering.kalshi.push(...step.events);
    else emitKalshi(step.events, ++stepSeq);
  }

  function emitKalshi(raw: readonly ExchangeEvent[], stepId: number): void {
    const events = netExchangeEvents(raw);
    if (events.length === 0) return;
    const simMs = clock();
    for (const e of events) logExchangeEvent("kalshi", e, simMs);
    bus.publish({ kind: "exchange.stepped", venue: "kalshi", step: stepId, events });
  }

  function logExchangeEvent(venue: "kalshi", e: ExchangeEvent, simMs: number): void {
    if (e.kind === "fill.booked") log.append("fill.booked", simMs, { venue, client: accountLabel(e.fill.accountId), fill: e.fill });
    else if (e.kind === "market.changed")
      log.append("market.changed", simMs, { venue, ticker: e.market.ticker, status: e.market.status, result: e.market.result });
    else if (e.kind === "account.settled") log.append("account.settled", simMs, { venue, ...e });
  }

  function settle(trade: PolyTrade, status: TradeStatus, nowMs: number): void {
    tradeStatus.set(trade.tradeId, { status, updatedMs: nowMs });
    if (status === "FAILED") polymarket.revertTrade(trade.tradeId);
    log.append("trade.settled", nowMs, { venue: "polymarket", client: accountLabel(trade.takerAccountId), tradeId: trade.tradeId, status });
    bus.publish({ kind: "trade.settled", trade, status });
  }

  /** Every trade of a user walks MATCHED → MINED → CONFIRMED, or (an armed fault) MATCHED → RETRYING → FAILED. */
  function scheduleSettlement(trade: PolyTrade, nowMs: number): void {
    if (polyKnobs.failTrades > 0) {
      polyKnobs.failTrades -= 1;
      scheduled.push({ atMs: nowMs + pm.minedMs, run: (t) => settle(trade, "RETRYING", t) });
      scheduled.push({ atMs: nowMs + pm.confirmedMs, run: (t) => settle(trade, "FAILED", t) });
      return;
    }
    scheduled.push({ atMs: nowMs + pm.minedMs, run: (t) => settle(trade, "MINED", t) });
    scheduled.push({ atMs: nowMs + pm.confirmedMs, run: (t) => settle(trade, "CONFIRMED", t) });
  }

  function publishPolymarket(step: PolyStep<unknown>): void {
    if (gathering !== undefined) gathering.polymarket.push(...step.events);
    else emitPolymarket(step.events, ++stepSeq);
  }

  function emitPolymarket(raw: readonly PolyEvent[], stepId: number): void {
    const events = netPolyEvents(raw);
    if (events.length === 0) return;
    const simMs = clock();
    for (const e of events) {
      if (e.kind === "trade.matched") {
        log.append("trade.matched", simMs, { venue: "polymarket", client: accountLabel(e.trade.takerAccountId), trade: e.trade });
        scheduleSettlement(e.trade, simMs);
      } else if (e.kind === "market.changed") {
        log.append("market.changed", simMs, {
          venue: "polymarket",
          conditionId: e.market.conditionId,
          status: e.market.status,
          winner: e.market.winner ?? null,
        });
      }
    }
    bus.publish({ kind: "polymarket.stepped", step: stepId, events });
  }

  /** The makers' requote of a market: both sides in one step, so no one sees new bids against old asks. */
  function replaceHouse(ticker: string, levels: HouseLevels, nowMs: number): void {
    publish("kalshi", kalshi.replaceLevels(HOUSE, ticker, levels, nowMs));
  }

  function replacePolyHouse(conditionId: string, levels: HouseLevels, nowMs: number): void {
    publishPolymarket(polymarket.replaceLevels(POLY_HOUSE, conditionId, levels, nowMs));
  }

  function outcomeFair(g: Game): Map<string, number> {
    return outcomeFairUnits(g, fair.get(g.gameId) ?? { logit: 0 });
  }

  function fairOf(ticker: string): number {
    const m = kalshiMarketGame.get(ticker);
    if (m === undefined || !fair.has(m.game.gameId)) return 5000;
    return outcomeFair(m.game).get(m.outcome) ?? 5000;
  }

  /** Fair price of a Polymarket token (the same fair value that drives Kalshi). */
  function polyTokenFair(conditionId: string, tokenIndex: TokenIndex): number {
    const pm0 = polyMarkets.get(conditionId);
    if (pm0 === undefined) return 5000;
    const first = firstOutcomeFairUnits(pm0.listing, outcomeFair(pm0.game));
    return tokenIndex === 0 ? first : ONE_DOLLAR_UNITS - first;
  }

  /** The house's base liquidity for a market: the pinned book, or the maker ladder around fair value. */
  function baseLevels(ticker: string): HouseLevels {
    const pin = pinned.get(kalshiBook(ticker));
    if (pin !== undefined) return pin;
    const mm = scenario.marketMakers;
    if (!mm.enabled) return { bids: new Map(), asks: new Map() };
    return ladder(fairOf(ticker), { ...mm, tickUnits: KALSHI_TICK_UNITS }, rng);
  }

  /** Polymarket's makers quote token 0 around the shared fair value with their own spread and noise. */
  function polyBaseLevels(conditionId: string): HouseLevels {
    const pin = pinned.get(polyBook(conditionId));
    if (pin !== undefined) return pin;
    const mm = scenario.marketMakers;
    const m = polymarket.market(conditionId);
    if (!mm.enabled || m === undefined) return { bids: new Map(), asks: new Map() };
    const noisy = polyTokenFair(conditionId, 0) + Math.round(rng.normal() * pm.noiseUnits);
    const centre = Math.max(m.tickUnits, Math.min(ONE_DOLLAR_UNITS - m.tickUnits, noisy));
    return ladder(centre, { ...mm, halfSpreadUnits: pm.halfSpreadUnits, tickUnits: m.tickUnits }, rng);
  }

  function withOverlay(base: HouseLevels, o: Overlay): HouseLevels {
    const bids = new Map([...base.bids].filter(([p]) => p < o.clearBidsFrom));
    const asks = new Map([...base.asks].filter(([p]) => p > o.clearAsksTo));
    for (const [p, s] of o.bids) bids.set(p, (bids.get(p) ?? 0) + s);
    for (const [p, s] of o.asks) asks.set(p, (asks.get(p) ?? 0) + s);
    return { bids, asks };
  }

  /** Re-quotes one book: base liquidity plus the overlay of the window open on it, if any. */
  function refreshBook(book: string, nowMs: number): void {
    const w = windows.get(windowByBook.get(book) ?? "");
    const overlay = w?.overlays.get(book);
    if (book.startsWith("kalshi:")) {
      const ticker = book.slice("kalshi:".length);
      if (kalshi.market(ticker)?.status !== "active") return;
      const base = pinned.has(book) ? baseLevels(ticker) : (quoted.get(book) ?? baseLevels(ticker));
      replaceHouse(ticker, overlay === undefined ? base : withOverlay(base, overlay), nowMs);
    } else {
      const conditionId = book.slice("polymarket:".length);
      if (polymarket.market(conditionId)?.status !== "active") return;
      const base = pinned.has(book) ? polyBaseLevels(conditionId) : (quoted.get(book) ?? polyBaseLevels(conditionId));
      replacePolyHouse(conditionId, overlay === undefined ? base : withOverlay(base, overlay), nowMs);
    }
  }

  /**
   * The makers requote every market once per `requoteMs`, spread over the ticks in between: market i on the ticks
   * whose index is i modulo the ticks per requote. All at once, one tick would send every market's frames in one
   * long turn of the event loop, and a window opened on that tick would reach the clients behind them.
   */
  const ticksPerRequote = Math.max(1, Math.round(scenario.marketMakers.requoteMs / scenario.tickMs));
  const requoteSlot = (index: number, nowMs: number): boolean => index % ticksPerRequote === Math.round((nowMs - t0) / scenario.tickMs) % ticksPerRequote;

  function requote(nowMs: number): void {
    let index = 0;
    for (const g of games) {
      for (const m of g.markets) {
        if (!requoteSlot(index++, nowMs)) continue;
        const book = kalshiBook(m.ticker);
        if (pinned.has(book) || windowByBook.has(book) || kalshi.market(m.ticker)?.status !== "active") continue;
        if ((frozenUntil.get(book) ?? Number.NEGATIVE_INFINITY) > nowMs) continue;
        const levels = baseLevels(m.ticker);
        quoted.set(book, levels);
        replaceHouse(m.ticker, levels, nowMs);
      }
    }
    index = 0;
    for (const conditionId of polyMarkets.keys()) {
      if (!requoteSlot(index++, nowMs)) continue;
      const book = polyBook(conditionId);
      if (pinned.has(book) || windowByBook.has(book) || polymarket.market(conditionId)?.status !== "active") continue;
      if ((frozenUntil.get(book) ?? Number.NEGATIVE_INFINITY) > nowMs) continue;
      const levels = polyBaseLevels(conditionId);
      quoted.set(book, levels);
      replacePolyHouse(conditionId, levels, nowMs);
    }
  }

  function lifecycle(nowMs: number): void {
    for (const g of games) {
      const first = kalshi.market(g.markets[0]?.ticker ?? "");
      if (first === undefined) continue;
      const polyOfGame = polyMarketsByGame.get(g) ?? [];
      if (nowMs >= g.endMs && first.status === "active") {
        for (const m of g.markets) publish("kalshi", kalshi.closeMarket(m.ticker, nowMs));
        for (const m of polyOfGame) publishPolymarket(polymarket.closeMarket(m.conditionId, nowMs));
      }
      if (nowMs >= g.settleMs && first.status !== "finalized") {
        const winner = drawWinner(g, fair.get(g.gameId) ?? { logit: 0 }, rng);
        for (const m of g.markets) publish("kalshi", kalshi.settleMarket(m.ticker, m.outcome === winner ? "yes" : "no", nowMs));
        for (const m of polyOfGame) {
          const pays = m.outcomes[0].pays;
          const firstWins = pays.startsWith("!") ? pays.slice(1) !== winner : pays === winner;
          publishPolymarket(polymarket.resolveMarket(m.conditionId, firstWins ? 0 : 1, nowMs));
        }
      }
    }
  }

  /**
   * Runs one timeline entry or scheduled task. One that fails (a window with no open pair left, say, because the
   * control API took them) is counted, logged and skipped: it runs inside the tick timer, where a throw would end
   * the host process, and the rest of the scenario should still play.
   */
  function guarded(what: Record<string, unknown>, nowMs: number, run: () => void): void {
    try {
      run();
    } catch (err) {
      skipped += 1;
      log.append("scenario.skipped", nowMs, { ...what, error: err instanceof Error ? err.message : String(err), skipped });
    }
  }

  function step(nowMs: number): void {
    while (timelineIdx < timeline.length && t0 + (timeline[timelineIdx]?.atMs ?? 0) <= nowMs) {
      const e = timeline[timelineIdx] as TimelineEvent;
      timelineIdx += 1;
      log.append("scenario.fired", nowMs, { event: e });
      guarded({ event: e }, nowMs, () => fire(e));
    }
    scheduled.sort((a, b) => a.atMs - b.atMs);
    while (scheduled.length > 0 && (scheduled[0]?.atMs ?? Number.POSITIVE_INFINITY) <= nowMs) {
      const task = scheduled.shift() as Scheduled;
      guarded({ task: "scheduled", atMs: task.atMs }, nowMs, () => task.run(nowMs));
    }
    const mm = scenario.marketMakers;
    for (const g of games) {
      const f = fair.get(g.gameId);
      if (f !== undefined && nowMs < g.endMs) fair.set(g.gameId, stepFair(f, rng, scenario.tickMs, mm.volatilityBps));
    }
    lifecycle(nowMs);
    publishPolymarket(polymarket.expire(nowMs));
    requote(nowMs);
  }

  function closeWindow(id: string, nowMs: number): void {
    const open = windows.get(id);
    if (open === undefined) return;
    windows.delete(id);
    asOneStep(() => {
      for (const book of open.overlays.keys()) {
        if (windowByBook.get(book) === id) windowByBook.delete(book);
        refreshBook(book, nowMs);
      }
    });
    log.append("arb.window-closed", nowMs, { step: stepSeq, window: open.window });
    bus.publish({ kind: "arb.window-closed", window: open.window });
  }

  /** The pair of a Kalshi ticker, or the first usable one (active on both venues, not a trap, no open window). */
  function twinOf(ticker: string | undefined): TwinPair {
    const usable = (p: TwinPair): boolean =>
      kalshi.market(p.ticker)?.status === "active" &&
      polymarket.market(p.conditionId)?.status === "active" &&
      !windowByBook.has(kalshiBook(p.ticker)) &&
      !windowByBook.has(polyBook(p.conditionId));
    const pair = ticker === undefined ? listing.pairs.find((p) => !p.trap && usable(p)) : listing.pairs.find((p) => p.ticker === ticker);
    if (pair === undefined || kalshi.market(pair.ticker)?.status !== "active" || polymarket.market(pair.conditionId)?.status !== "active") {
      throw new RangeError(`no open Kalshi/Polymarket pair ${ticker ?? "to inject into"}`);
    }
    return pair;
  }

  /** Centre on the book when it has both sides (a pinned book need not sit at fair value). */
  function kalshiCentre(ticker: string): number {
    const market = kalshi.market(ticker);
    const bid = market?.book.bids[0]?.priceUnits;
    const ask = market?.book.asks[0]?.priceUnits;
    return bid !== undefined && ask !== undefined && bid < ask ? Math.round((bid + ask) / 2) : fairOf(ticker);
  }

  function polyRules(conditionId: string): LegRules {
    const m = polymarket.market(conditionId);
    if (m === undefined) throw new RangeError(`unknown Polymarket market ${conditionId}`);
    return { tickUnits: m.tickUnits, fees: polymarketSchedule(m.takerRatePpm, m.feeExponent) };
  }

  function kalshiRules(ticker: string): LegRules {
    const m = kalshi.market(ticker);
    if (m === undefined) throw new RangeError(`unknown Kalshi market ${ticker}`);
    return { tickUnits: KALSHI_TICK_UNITS, fees: kalshiSchedule(m.takerRatePpm) };
  }

  /** The overlay that puts an ask for one leg on its venue's book, clearing maker levels that would cross it. */
  /** A same-market window: both asks on one book, which it crosses on purpose, so nothing is cleared. */
  function sameMarketOverlay(q: { readonly yesAskUnits: number; readonly noAskUnits: number }, size: number): Overlay {
    return { bids: [[ONE_DOLLAR_UNITS - q.noAskUnits, size]], asks: [[q.yesAskUnits, size]], clearBidsFrom: NO_CLEAR_BIDS, clearAsksTo: NO_CLEAR_ASKS };
  }

  function legOverlay(leg: ArbLeg, size: number): [string, Overlay] {
    if (leg.venue === "kalshi") {
      // Kalshi's book is YES-quoted: a NO ask at q is a bid at 1 − q.
      return leg.outcome === "yes"
        ? [kalshiBook(leg.market), { bids: [], asks: [[leg.askUnits, size]], clearBidsFrom: leg.askUnits, clearAsksTo: NO_CLEAR_ASKS }]
        : [
            kalshiBook(leg.market),
            { bids: [[ONE_DOLLAR_UNITS - leg.askUnits, size]], asks: [], clearBidsFrom: NO_CLEAR_BIDS, clearAsksTo: ONE_DOLLAR_UNITS - leg.askUnits },
          ];
    }
    const idx = polymarket.marketOfToken(leg.tokenId)?.tokenIndex ?? 0;
    const y = yesSpace(idx, "SELL", leg.askUnits);
    return y.side === "ask"
      ? [polyBook(leg.market), { bids: [], asks: [[y.priceUnits, size]], clearBidsFrom: y.priceUnits, clearAsksTo: NO_CLEAR_ASKS }]
      : [polyBook(leg.market), { bids: [[y.priceUnits, size]], asks: [], clearBidsFrom: NO_CLEAR_BIDS, clearAsksTo: y.priceUnits }];
  }

  /** The window's theoretical profit with each leg's market's current taker rates. */
  function profitOf(legs: readonly [ArbLeg, ArbLeg], size: number): number {
    const fees = (l: ArbLeg) => (l.venue === "kalshi" ? kalshiRules(l.market) : polyRules(l.market)).fees;
    return computeWindowProfitMicros(size, [
      { askUnits: legs[0].askUnits, fees: fees(legs[0]) },
      { askUnits: legs[1].askUnits, fees: fees(legs[1]) },
    ]);
  }

  type WindowPlan = Omit<ArbWindow, "windowId" | "openedMs" | "closesMs" | "theoreticalProfitMicros"> & { overlays: Map<string, Overlay> };

  function planWindow(kind: ArbType, market: string | undefined, edgeBps: number, size: number): WindowPlan {
    if (kind === "kalshi_same_market") {
      const target = market ?? kalshi.markets().find((m) => m.status === "active" && !windowByBook.has(kalshiBook(m.ticker)))?.ticker;
      const km = target === undefined ? undefined : kalshi.market(target);
      if (km === undefined || km.status !== "active") throw new RangeError(`no open Kalshi market ${market ?? "to inject into"}`);
      const q = planArbQuote(kalshiCentre(km.ticker), edgeBps, KALSHI_TICK_UNITS, km.takerRatePpm);
      const legs: [ArbLeg, ArbLeg] = [
        { venue: "kalshi", market: km.ticker, tokenId: "", outcome: "yes", askUnits: q.yesAskUnits },
        { venue: "kalshi", market: km.ticker, tokenId: "", outcome: "no", askUnits: q.noAskUnits },
      ];
      const overlay = sameMarketOverlay(q, size);
      return {
        kind,
        venue: "kalshi",
        ticker: km.ticker,
        conditionId: "",
        ...q,
        sizeHundredths: size,
        legs,
        overlays: new Map([[kalshiBook(km.ticker), overlay]]),
      };
    }
    if (kind === "poly_same_market") {
      const target = market ?? polymarket.markets().find((m) => m.status === "active" && !windowByBook.has(polyBook(m.conditionId)))?.conditionId;
      const m = target === undefined ? undefined : polymarket.market(target);
      if (m === undefined || m.status !== "active") throw new RangeError(`no open Polymarket market ${market ?? "to inject into"}`);
      const rules = polyRules(m.conditionId);
      const q = planLegQuote(polyTokenFair(m.conditionId, 0), edgeBps, rules, rules);
      const legs: [ArbLeg, ArbLeg] = [
        { venue: "polymarket", market: m.conditionId, tokenId: m.tokenIds[0], outcome: "yes", askUnits: q.yesAskUnits },
        { venue: "polymarket", market: m.conditionId, tokenId: m.tokenIds[1], outcome: "no", askUnits: q.noAskUnits },
      ];
      const overlay = sameMarketOverlay(q, size);
      return {
        kind,
        venue: "polymarket",
        ticker: "",
        conditionId: m.conditionId,
        ...q,
        sizeHundredths: size,
        legs,
        overlays: new Map([[polyBook(m.conditionId), overlay]]),
      };
    }
    const pair = twinOf(market);
    const polyYes = kind === "poly_yes_kalshi_no";
    const fairYes = polyYes ? polyTokenFair(pair.conditionId, polymarket.marketOfToken(pair.yesTokenId)?.tokenIndex ?? 0) : kalshiCentre(pair.ticker);
    const kRules = kalshiRules(pair.ticker);
    const pRules = polyRules(pair.conditionId);
    const q = polyYes ? planLegQuote(fairYes, edgeBps, pRules, kRules) : planLegQuote(fairYes, edgeBps, kRules, pRules);
    const legs: [ArbLeg, ArbLeg] = polyYes
      ? [
          { venue: "polymarket", market: pair.conditionId, tokenId: pair.yesTokenId, outcome: "yes", askUnits: q.yesAskUnits },
          { venue: "kalshi", market: pair.ticker, tokenId: "", outcome: "no", askUnits: q.noAskUnits },
        ]
      : [
          { venue: "kalshi", market: pair.ticker, tokenId: "", outcome: "yes", askUnits: q.yesAskUnits },
          { venue: "polymarket", market: pair.conditionId, tokenId: pair.noTokenId, outcome: "no", askUnits: q.noAskUnits },
        ];
    const overlays = new Map(legs.map((l) => legOverlay(l, size)));
    return { kind, venue: "cross", ticker: pair.ticker, conditionId: pair.conditionId, ...q, sizeHundredths: size, legs, overlays };
  }

  /** Opens a window: closing any window on its books and putting its asks up is one step on both venues. */
  function injectArb(kind: ArbType, market: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow {
    const nowMs = clock();
    const { overlays, ...plan } = planWindow(kind, market, edgeBps, sizeHundredths);
    const theoreticalProfitMicros = profitOf(plan.legs, sizeHundredths);
    const w = asOneStep(() => {
      for (const book of overlays.keys()) {
        const prior = windowByBook.get(book);
        if (prior !== undefined) closeWindow(prior, nowMs);
      }
      const opened: ArbWindow = { windowId: nextOrderId(), ...plan, theoreticalProfitMicros, openedMs: nowMs, closesMs: nowMs + durationMs };
      windows.set(opened.windowId, { window: opened, overlays });
      for (const book of overlays.keys()) {
        windowByBook.set(book, opened.windowId);
        refreshBook(book, nowMs);
      }
      return opened;
    });
    // The step that put the window's asks up: its frames carry the same number (their per-client send stamps).
    log.append("arb.window-opened", nowMs, { step: stepSeq, window: w });
    bus.publish({ kind: "arb.window-opened", window: w });
    scheduled.push({ atMs: w.closesMs, run: (t) => closeWindow(w.windowId, t) });
    return w;
  }

  function setEventFee(eventTicker: string, override: EventFeeOverride | undefined): FeeRates {
    const game = games.find((g) => g.eventTicker === eventTicker);
    if (game === undefined) throw new RangeError(`no Kalshi event ${eventTicker}`);
    const base = seriesRates(game.seriesTicker);
    const rates = override === undefined ? base : computeOverrideRates(base, override);
    for (const m of game.markets) kalshi.setFees(m.ticker, rates.takerRatePpm, rates.makerRatePpm);
    log.append("event-fee.changed", clock(), {
      venue: "kalshi",
      eventTicker,
      feeType: override?.feeType ?? null,
      multiplierMillionths: override?.multiplierMillionths ?? null,
      ...rates,
    });
    bus.publish({ kind: "event-fee.changed", eventTicker, override });
    return rates;
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
        injectArb(e.arb, e.arb === "poly_same_market" ? e.conditionId : e.ticker, e.edgeBps, e.sizeHundredths, e.durationMs);
        return;
      case "venue.pause":
        if (e.venue === "kalshi") pauseKalshi(e.paused);
        return;
      case "connections.kill":
        log.append("connections.killed", nowMs, { venue: e.venue });
        bus.publish({ kind: "connections.killed", venue: e.venue });
        return;
      case "latency.set": {
        const k = e.venue === "kalshi" ? knobs : polyKnobs;
        if (e.endpoint === undefined) k.latencyAllMs = e.ms;
        else k.latencyByEndpoint.set(e.endpoint, e.ms);
        return;
      }
      case "ws.seq-gap":
        bus.publish({ kind: "seq-gap.armed", venue: e.venue, skip: e.skip });
        return;
      case "ws.malformed":
        bus.publish({ kind: "malformed.requested", venue: e.venue, count: e.count });
        return;
      case "orders.fault":
        if (e.venue === "polymarket" && e.mode === "trade-failed") polyKnobs.failTrades += e.count;
        else for (let i = 0; i < e.count; i++) (e.venue === "kalshi" ? knobs : polyKnobs).faults.push({ mode: e.mode, delayMs: e.delayMs });
        return;
      case "rate-limit.set":
        if (e.venue === "kalshi") {
          knobs.readPerSec = e.readPerSec;
          knobs.writePerSec = e.writePerSec;
        } else {
          // Polymarket's limits are per 10 s windows; the scenario speaks per second for both venues.
          polyKnobs.readsPer10s = e.readPerSec * 10;
          polyKnobs.ordersPer10s = e.writePerSec * 10;
          polyKnobs.rateLimitMode = "reject";
        }
        return;
      case "ws.silence":
        log.append("ws.silenced", nowMs, { venue: e.venue, silent: e.silent });
        (e.venue === "kalshi" ? knobs : polyKnobs).silent = e.silent;
        return;
      case "event-fee.set": {
        const eventTicker = e.eventTicker ?? games[e.game ?? -1]?.eventTicker ?? "";
        setEventFee(eventTicker, eventFeeOverride(e.feeType, e.multiplier));
        return;
      }
    }
  }

  /** The late fill of a one-sided scenario (see submitLateFill), on Polymarket's token books. */
  function submitPolyLateFill(req: PolyOrderRequest, delayMs: number): PolyStep<PolySubmitResult> {
    const nowMs = clock();
    const book = polyBook(req.conditionId);
    const base = polyBaseLevels(req.conditionId);
    const y = yesSpace(req.tokenIndex, req.side, req.priceUnits);
    const keep = (levels: ReadonlyMap<number, number>, crossing: (p: number) => boolean) => new Map([...levels].filter(([p]) => !crossing(p)));
    const withdrawn: HouseLevels =
      y.side === "bid"
        ? { bids: base.bids, asks: keep(base.asks, (p) => p <= y.priceUnits) }
        : { bids: keep(base.bids, (p) => p >= y.priceUnits), asks: base.asks };
    frozenUntil.set(book, nowMs + delayMs);
    replacePolyHouse(req.conditionId, withdrawn, nowMs);
    const placed = polymarket.submit({ ...req, orderType: "GTC" }, nowMs);
    publishPolymarket(placed);
    const r = placed.result;
    if (!r.ok) return placed;
    scheduled.push({
      atMs: nowMs + delayMs,
      run: (t) => {
        const o = polymarket.order(r.order.orderId);
        if (o === undefined || o.status !== "LIVE") return;
        publishPolymarket(
          polymarket.submit(
            {
              orderId: nextPolyId(),
              accountId: POLY_HOUSE,
              owner: "",
              conditionId: o.conditionId,
              tokenIndex: o.tokenIndex,
              side: o.side === "BUY" ? "SELL" : "BUY",
              priceUnits: o.priceUnits,
              sizeHundredths: o.sizeHundredths - o.matchedHundredths,
              orderType: "FAK",
              postOnly: false,
              expirationSec: 0,
            },
            t,
          ),
        );
      },
    });
    return placed;
  }

  const core: SimCore = {
    scenario,
    games,
    bus,
    log,
    kalshi,
    kalshiKnobs: knobs,
    polymarket,
    polymarketKnobs: polyKnobs,
    listing,
    clock,
    fanout,
    labelAccount(accountId, label) {
      const id = accountId.toLowerCase();
      if (!accountLabels.has(id)) accountLabels.set(id, label);
    },
    accountLabel,
    accountsLabelled: (label) => [...accountLabels].filter(([, l]) => l === label).map(([id]) => id),
    advance() {
      const now = clock();
      while (nextTickMs <= now) {
        step(nextTickMs);
        nextTickMs += scenario.tickMs;
      }
      return now;
    },
    publish,
    publishPolymarket,
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
    createPolymarketAccount(address, balanceMicros, signatureType, funder) {
      const id = address.toLowerCase();
      if (wallets.has(id)) throw new RangeError(`Polymarket account ${address} exists`);
      const wallet: PolymarketWallet = { address, signatureType, funder: signatureType === 0 ? address : funder };
      wallets.set(id, wallet);
      polymarket.addAccount(id, balanceMicros);
      log.append("account.created", clock(), { venue: "polymarket", address: id, balanceMicros });
      return wallet;
    },
    polymarketWallet: (address) => wallets.get(address.toLowerCase()),
    addPolymarketKey(creds, nonce) {
      const slot = `${creds.address}:${nonce}`;
      if (polyKeysByNonce.has(slot)) return false;
      polyKeysByNonce.set(slot, creds);
      polyKeys.set(creds.key, creds);
      return true;
    },
    polymarketKeyFor: (address, nonce) => polyKeysByNonce.get(`${address.toLowerCase()}:${nonce}`),
    polymarketKey: (key) => polyKeys.get(key),
    polymarketMarket: (conditionId) => polyMarkets.get(conditionId)?.listing,
    polymarketTradeStatus(tradeId) {
      return tradeStatus.get(tradeId) ?? { status: "MATCHED", updatedMs: polymarket.trade(tradeId)?.tsMs ?? 0 };
    },
    submitPolymarket(req, placement) {
      if (placement === "now") {
        const s = polymarket.submit(req, clock());
        publishPolymarket(s);
        return s;
      }
      if ("lateFillMs" in placement) return submitPolyLateFill(req, placement.lateFillMs);
      const s = polymarket.hold(req, clock());
      publishPolymarket(s);
      const r = s.result;
      if (r.ok) scheduled.push({ atMs: clock() + placement.delayMs, run: (t) => publishPolymarket(polymarket.release(r.order.orderId, t)) });
      return s;
    },
    setPolymarketBook(tokenId, bids, asks) {
      const t = polymarket.marketOfToken(tokenId);
      if (t === undefined) throw new RangeError(`unknown Polymarket token ${tokenId}`);
      const mirror = (p: number): number => (t.tokenIndex === 0 ? p : ONE_DOLLAR_UNITS - p);
      const levels: HouseLevels =
        t.tokenIndex === 0
          ? { bids: new Map(bids.map(([p, s]) => [p, s])), asks: new Map(asks.map(([p, s]) => [p, s])) }
          : { bids: new Map(asks.map(([p, s]) => [mirror(p), s])), asks: new Map(bids.map(([p, s]) => [mirror(p), s])) };
      const book = polyBook(t.market.conditionId);
      pinned.set(book, levels);
      refreshBook(book, clock());
    },
    setPolymarketTick(conditionId, tickUnits) {
      const m = polymarket.market(conditionId);
      if (m === undefined) throw new RangeError(`unknown Polymarket market ${conditionId}`);
      polymarket.setTick(conditionId, tickUnits);
      log.append("tick-size.changed", clock(), { venue: "polymarket", conditionId, oldTickUnits: m.tickUnits, newTickUnits: tickUnits });
      bus.publish({ kind: "tick-size.changed", conditionId, oldTickUnits: m.tickUnits, newTickUnits: tickUnits });
    },
    setHouseBook(ticker, yes, no) {
      if (kalshi.market(ticker) === undefined) throw new RangeError(`unknown Kalshi market ${ticker}`);
      const levels: HouseLevels = {
        bids: new Map(yes.map(([p, s]) => [p, s])),
        asks: new Map(no.map(([q, s]) => [10_000 - q, s])),
      };
      const book = kalshiBook(ticker);
      pinned.set(book, levels);
      refreshBook(book, clock());
    },
    injectArb,
    setEventFee,
    pauseKalshi,
    submitLateFill(req, delayMs) {
      const nowMs = clock();
      const base = baseLevels(req.ticker);
      const keep = (levels: ReadonlyMap<number, number>, crossing: (p: number) => boolean) => new Map([...levels].filter(([p]) => !crossing(p)));
      const withdrawn: HouseLevels =
        req.side === "bid"
          ? { bids: base.bids, asks: keep(base.asks, (p) => p <= req.priceUnits) }
          : { bids: keep(base.bids, (p) => p >= req.priceUnits), asks: base.asks };
      frozenUntil.set(kalshiBook(req.ticker), nowMs + delayMs);
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
