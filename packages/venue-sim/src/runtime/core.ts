import type { ArbType } from "@arb/domain";
import { type EventFeeOverride, type FeeRates, eventFeeOverride } from "../exchange/fee-override.js";
import { type KalshiExchange, type KalshiStep, type OrderRequest, type SubmitResult, createKalshiExchange } from "../exchange/kalshi.js";
import {
  type PolyOrderRequest,
  type PolySubmitResult,
  type PolymarketExchange,
  type PolymarketStep,
  createPolymarketExchange,
} from "../exchange/polymarket.js";
import { type Game, generateGames } from "../generator/games.js";
import { type PolymarketListing, type PolymarketMarketListing, listPolymarket } from "../generator/polymarket-listing.js";
import { createRng } from "../generator/rng.js";
import type { EventLog } from "../log/event-log.js";
import { checkTimeline } from "../scenario/check.js";
import { ScenarioError } from "../scenario/load.js";
import type { Scenario, TimelineEvent } from "../scenario/schema.js";
import { type Accounts, createAccounts } from "./accounts.js";
import { type ArbWindow, type Bus, createBus } from "./bus.js";
import { createClock } from "./clock.js";
import { type Fanout, createFanout } from "./fanout.js";
import { type KalshiKnobs, type PolymarketKnobs, createFaults } from "./faults.js";
import { createIdSource } from "./ids.js";
import { createMakers } from "./makers.js";
import { createMarkets } from "./markets.js";
import { type SettlementStatus, createSettlement } from "./settlement.js";
import { createSteps } from "./steps.js";
import { createWindows } from "./windows.js";

/** Which Polymarket order a late-fill fault holds back, and for how long. */
export type PolymarketPlacement = "now" | { readonly delayMs: number } | { readonly lateFillMs: number };

/**
 * The simulator's imperative core, composed of: the scenario clock (`clock.ts`), the generated markets and fair
 * values (`markets.ts`), the simulated makers (`makers.ts`), injected windows (`windows.ts`), engine steps
 * (`steps.ts`), users' accounts (`accounts.ts`), Polymarket settlement (`settlement.ts`) and faults (`faults.ts`).
 * Time only moves through advance(), in whole ticks from the start, so a driven clock and a seed reproduce a run
 * exactly. Each engine step (an order, one market's requote, a window opening or closing on one or both venues) goes
 * out once, its level changes netted. A timeline entry or scheduled task that fails is logged and skipped: advance()
 * never throws.
 */
export interface SimCore extends Accounts {
  readonly scenario: Scenario;
  readonly games: readonly Game[];
  readonly bus: Bus;
  readonly log: EventLog;
  readonly kalshi: KalshiExchange;
  readonly kalshiKnobs: KalshiKnobs;
  readonly polymarket: PolymarketExchange;
  readonly polymarketKnobs: PolymarketKnobs;
  readonly listing: PolymarketListing;
  readonly clock: () => number;
  /** The order each engine step reaches the connections in (a seeded shuffle per step). */
  readonly fanout: Fanout;
  advance(): number;
  /** Sends an engine step of the venue out (netted, logged, numbered; see Steps). */
  publishKalshi(step: KalshiStep<unknown>): void;
  publishPolymarket(step: PolymarketStep<unknown>): void;
  polymarketMarket(conditionId: string): PolymarketMarketListing | undefined;
  /** Where a trade's settlement stands: MATCHED, then MINED / CONFIRMED (or RETRYING / FAILED). */
  polymarketTradeStatus(tradeId: string): SettlementStatus;
  /** Places a Polymarket order now, after the sports delay, or as a late fill. */
  submitPolymarket(req: PolyOrderRequest, placement: PolymarketPlacement): PolymarketStep<PolySubmitResult>;
  setPolymarketBook(tokenId: string, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void;
  setPolymarketTick(conditionId: string, tickUnits: number): void;
  setHouseBook(ticker: string, yes: readonly (readonly [number, number])[], no: readonly (readonly [number, number])[]): void;
  injectArb(kind: ArbType, market: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow;
  /** Sets (undefined: clears) a Kalshi event's fee override: its markets' next fills pay the override's rates. */
  setEventFee(eventTicker: string, override: EventFeeOverride | undefined): FeeRates;
  pauseKalshi(paused: boolean): void;
  /** A Kalshi order as a late fill (see Makers.lateFillKalshi). */
  submitLateFill(req: OrderRequest, delayMs: number): KalshiStep<SubmitResult>;
  fire(e: TimelineEvent): void;
}

export function createCore(scenario: Scenario, clock: () => number, log: EventLog): SimCore {
  const rng = createRng(scenario.seed);
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
  const nextOrderId = createIdSource(scenario.seed);
  const nextPolyId = createIdSource(0x706f6c79);
  const kalshi = createKalshiExchange(nextOrderId);
  const polymarket = createPolymarketExchange(nextPolyId);
  const accounts = createAccounts(kalshi, polymarket, clock, log);
  const time = createClock({ scenario, t0, clock, log, fire: (e) => fire(e), tick: (nowMs) => tick(nowMs) });
  const { schedule } = time;
  const steps = createSteps({ clock, log, bus, accountLabel: accounts.accountLabel, onTradeMatched: (t, nowMs) => settlement.onMatched(t, nowMs) });
  const faults = createFaults({ scenario, kalshi, steps, clock, log, bus });
  const settlement = createSettlement({ scenario, polymarket, knobs: faults.polymarket, schedule, log, bus, accountLabel: accounts.accountLabel });
  const markets = createMarkets({ scenario, games, listing, rng, kalshi, polymarket, steps, clock, log, bus });
  const makers = createMakers({ scenario, t0, rng, kalshi, polymarket, markets, steps, clock, schedule, overlayOn: (book) => windows.overlayOn(book) });
  const windows = createWindows({ kalshi, polymarket, listing, markets, makers, steps, clock, schedule, nextId: nextOrderId, log, bus });

  /** The world's tick, after the timeline and the scheduled tasks: fair values and lifecycle, expiries, requotes. */
  function tick(nowMs: number): void {
    markets.tick(nowMs);
    steps.publishPolymarket(polymarket.expire(nowMs));
    makers.requote(nowMs);
  }

  function fire(e: TimelineEvent): void {
    switch (e.kind) {
      case "arb.inject":
        windows.inject(e.arb, e.arb === "poly_same_market" ? e.conditionId : e.ticker, e.edgeBps, e.sizeHundredths, e.durationMs);
        return;
      case "event-fee.set":
        markets.setEventFee(e.eventTicker ?? games[e.game ?? -1]?.eventTicker ?? "", eventFeeOverride(e.feeType, e.multiplier));
        return;
      default:
        faults.fire(e);
    }
  }

  return {
    ...accounts,
    scenario,
    games,
    bus,
    log,
    kalshi,
    kalshiKnobs: faults.kalshi,
    polymarket,
    polymarketKnobs: faults.polymarket,
    listing,
    clock,
    fanout,
    advance: time.advance,
    publishKalshi: steps.publishKalshi,
    publishPolymarket: steps.publishPolymarket,
    polymarketMarket: markets.polymarketMarket,
    polymarketTradeStatus: settlement.status,
    submitPolymarket(req, placement) {
      if (placement === "now") {
        const s = polymarket.submit(req, clock());
        steps.publishPolymarket(s);
        return s;
      }
      if ("lateFillMs" in placement) return makers.lateFillPolymarket(req, placement.lateFillMs);
      // The sports delay: the order waits, then goes to the book.
      const s = polymarket.hold(req, clock());
      steps.publishPolymarket(s);
      const r = s.result;
      if (r.ok) schedule(clock() + placement.delayMs, (t) => steps.publishPolymarket(polymarket.release(r.order.orderId, t)));
      return s;
    },
    setPolymarketBook: makers.pinPolymarket,
    setPolymarketTick: markets.setPolymarketTick,
    setHouseBook: makers.pinKalshi,
    injectArb: windows.inject,
    setEventFee: markets.setEventFee,
    pauseKalshi: faults.pauseKalshi,
    submitLateFill: makers.lateFillKalshi,
    fire,
  };
}
