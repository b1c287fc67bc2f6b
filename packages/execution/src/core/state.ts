import type { ArbType, VenueId } from "@arb/domain";
import type { FillReport, OrderAck, OrderState, TimeInForce, VenueResult, CancelAck } from "@arb/venues";
import type { BreakerEffect, BreakerState } from "./breaker.js";
import type { BookClaims } from "./claims.js";
import type { ExecutionConfig, PairSpec, VenueRules } from "../config.js";
import type { Alert, ExecutionEvent } from "../events.js";
import type { OrderInput, OrderLifecycle } from "./order-fsm.js";
import { type Game, type Holdings, gamesOf } from "./holdings.js";
import { venueMarketOf } from "./legs.js";

/**
 * The engine's state, inputs and commands. The pure step (`dispatch.ts` and the files it hands each input to) mutates the state it is handed and returns
 * commands; it never reads a clock, randomness or does I/O, so the same state, input and `nowMs` give the same
 * commands live, on the simulator and in replays.
 */

export type OrderRole = "entry" | "hedge" | "unwind";

export interface OrderRec {
  readonly clientOrderId: string;
  readonly arbId: string;
  readonly role: OrderRole;
  readonly venue: VenueId;
  readonly market: string;
  readonly pair: number;
  /** The leg its fills land on (the outcome it makes us long on its venue). */
  readonly leg: number;
  readonly outcome: "yes" | "no";
  readonly action: "buy" | "sell";
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly timeInForce: TimeInForce;
  status: OrderLifecycle;
  venueOrderId: string | undefined;
  /** Booked fills. */
  filledHundredths: number;
  /** The venue's own filled count (acks, order updates): fills still to come while above the booked count. */
  venueFilledHundredths: number;
  costMicros: number;
  feeMicros: number;
  cancelRequested: boolean;
  lookups: number;
  errorCode: string | undefined;
  readonly createdMs: number;
  updatedMs: number;
}

export interface BookedFill {
  /** The trade id where the venue gives one (the same on every channel), else the fill id. */
  readonly fillId: string;
  readonly outcome: "yes" | "no";
  readonly yesPriceUnits: number;
  readonly sizeHundredths: number;
  readonly feeMicros: number;
}

export type ArbStatus = "open" | "resolving" | "closed" | "exposed";

export interface PendingLeg {
  readonly venue: VenueId;
  readonly market: string;
  readonly leg: number;
  readonly outcome: "yes" | "no";
  readonly priceUnits: number;
}

/** One leg an arb set out to buy: the market (its key, as the pair names it) and the outcome. */
export interface ArbLegRef {
  readonly venue: VenueId;
  readonly market: string;
  readonly outcome: "yes" | "no";
}

export interface ArbRec {
  readonly arbId: string;
  /** The pair it was taken on in this run's numbering (a view: the legs and the event are what it holds). */
  readonly pair: number;
  /** The Kalshi event (game) it trades. */
  readonly eventId: string;
  readonly legs: readonly ArbLegRef[];
  readonly type: ArbType;
  readonly mode: "concurrent" | "sequential";
  readonly plannedHundredths: number;
  readonly expectedProfitMicros: number;
  status: ArbStatus;
  readonly orders: string[];
  /** Sequential mode: the second leg, sent once the first has filled. */
  pendingSecond: PendingLeg | undefined;
  resolveAttempts: number;
  /** The excess the arb was left exposed with; only a different excess (a late fill) reopens it. */
  exposedHundredths: number;
  /** Left exposed for good (attempts or loss bound spent, or too small to trade): no longer watched until a restart. */
  exposedFinal: boolean;
  pnlMicros: number;
  unwindLossMicros: number;
  readonly createdMs: number;
  deadlineMs: number;
  closedMs: number | undefined;
}

export interface ExecState {
  readonly runId: string;
  seq: number;
  readonly orders: Map<string, OrderRec>;
  readonly byVenueOrderId: Map<string, string>;
  readonly arbs: Map<string, ArbRec>;
  /** `${venue}:${fillId}` of every booked fill. */
  readonly seenFills: Set<string>;
  /** `${venue}:${fillId}` of every booked fill the venue took back. */
  readonly reversedFills: Set<string>;
  /** Booked fills per order, to recognise one fill reported under two ids (user channel vs REST). */
  readonly orderFills: Map<string, BookedFill[]>;
  /** Hundredths of each order's fills the venue took back (they still count in its filled size at the venue). */
  readonly orderReversed: Map<string, number>;
  /** Fills that arrived before the ack told us whose they are, by `${venue}:${venueOrderId}`. */
  readonly earlyFills: Map<string, FillReport[]>;
  /** What is held, by venue market and side (holdings.ts). */
  readonly holdings: Holdings;
  /** Arbs left with unmatched contracts (resolving or exposed): their games take no new arb, their books are watched. */
  readonly exposed: Set<string>;
  /** Settled P&L of games not yet settled on every market, by event. */
  readonly gameRealized: Map<string, number>;
  /** No new arbs (the process is shutting down); not persisted: the next start takes entries again. */
  entriesStopped: boolean;
  /** Cost basis held (with fees), for the exposure limits. */
  readonly exposure: { byMarket: Map<string, number>; byEvent: Map<string, number>; total: number };
  breaker: BreakerState;
  /** First time each pair's current opportunity was seen (persistence check). */
  readonly firstSeenMs: Map<number, number>;
  /** The orders that take liquidity from each venue book side (see claims.ts). */
  readonly claims: BookClaims;
  /** Kalshi rules of events under a fee override (`event_fee_update`), by event; null: a fee we cannot model. */
  readonly eventFeeRules: Map<string, VenueRules | null>;
}

/** What the step reads but does not own. */
export interface BookReader {
  /** Asks of `outcome` on that market: flat [priceUnits, sizeHundredths, …], best first. */
  asks(venue: VenueId, market: string, outcome: "yes" | "no"): readonly number[];
  /** Last update of the market's book, and whether it is known stale (gap, disconnect). */
  freshness(venue: VenueId, market: string): { readonly tsMs: number; readonly stale: boolean };
}

/**
 * A read of the detection core's in-flight bitmap. The step never writes it: it returns `pair.claim` and `pair.release`
 * commands, and the shell carries a claim out in the same synchronous run as the step that decided it (shell/in-flight.ts).
 */
export interface InFlight {
  /** Whether `pair.claim` would succeed now: the pair is neither in flight nor cooling down. */
  isFree(pair: number, nowMs: number): boolean;
}

/** A book's freshness, built here only, live and in the warm-up alike (see `stepContext`). */
export function freshnessOf(tsMs: number, stale: boolean): { readonly tsMs: number; readonly stale: boolean } {
  return { tsMs, stale };
}

export interface StepContext {
  readonly config: ExecutionConfig;
  readonly pairs: ReadonlyMap<number, PairSpec>;
  readonly books: BookReader;
  /** The detection core's in-flight bitmap, read only. */
  readonly inflight: InFlight;
  /** The one pair that takes a same-venue arb on each venue market several pairs share (`venue:market`). */
  readonly marketOwners: ReadonlyMap<string, number>;
  /** Polymarket rules of pairs whose market has its own fee. */
  readonly marketFeeRules: ReadonlyMap<number, VenueRules>;
  /** The games of the pair set and the game of each holding they name (holdings.ts). */
  readonly games: ReadonlyMap<string, Game>;
  readonly gameOf: ReadonlyMap<string, string>;
  /** A pair naming each market key (`venue:key`), for what an arb of another run needs to know of its markets. */
  readonly specOfMarket: ReadonlyMap<string, PairSpec>;
}

/**
 * The one place a step context and its readers are built, live or for the warm-up: objects from one creation site
 * share V8 hidden classes, so code the warm-up optimised is not thrown away when the first live opportunity comes.
 */
export function stepContext(
  config: ExecutionConfig,
  pairs: ReadonlyMap<number, PairSpec>,
  asks: BookReader["asks"],
  freshness: BookReader["freshness"],
  isFree: InFlight["isFree"],
): StepContext {
  const marketFeeRules = new Map<number, VenueRules>();
  for (const p of pairs.values()) {
    if (p.polymarketFee !== undefined)
      marketFeeRules.set(p.pair, { ...config.venues.polymarket, feeRatePpm: p.polymarketFee.ratePpm, feeExponent: p.polymarketFee.exponent });
  }
  const specOfMarket = new Map<string, PairSpec>();
  for (const p of pairs.values()) {
    if (p.kalshiMarket !== undefined && !specOfMarket.has(`kalshi:${p.kalshiMarket}`)) specOfMarket.set(`kalshi:${p.kalshiMarket}`, p);
    if (p.polymarketMarket !== undefined && !specOfMarket.has(`polymarket:${p.polymarketMarket}`)) specOfMarket.set(`polymarket:${p.polymarketMarket}`, p);
  }
  const { games, gameOf } = gamesOf(pairs.values());
  return {
    config,
    pairs,
    books: { asks, freshness },
    inflight: { isFree },
    marketOwners: marketOwnersOf(pairs),
    marketFeeRules,
    games,
    gameOf,
    specOfMarket,
  };
}

/**
 * A same-venue arb (YES and NO on one market) is the market's, not a pair's: when several pairs bind one market
 * (a Polymarket market under its key and its inverted key), one of them takes it: the pair that holds the market
 * as listed, else the lowest pair number.
 */
function marketOwnersOf(pairs: ReadonlyMap<number, PairSpec>): Map<string, number> {
  const owners = new Map<string, number>();
  const listed = new Set<string>();
  for (const spec of [...pairs.values()].sort((a, b) => a.pair - b.pair)) {
    for (const [venue, key] of [
      ["kalshi", spec.kalshiMarket],
      ["polymarket", spec.polymarketMarket],
    ] as const) {
      if (key === undefined) continue;
      const market = `${venue}:${venueMarketOf(key)}`;
      const asListed = venueMarketOf(key) === key;
      if (!owners.has(market) || (asListed && !listed.has(market))) owners.set(market, spec.pair);
      if (asListed) listed.add(market);
    }
  }
  return owners;
}

export type EngineInput =
  | { readonly kind: "opportunity.detected"; readonly pair: number; readonly type: ArbType }
  /** The venue id an order will carry, fixed before it is sent (a re-signed replacement brings a new one); writes only. */
  | { readonly kind: "order.identified"; readonly clientOrderId: string; readonly venueOrderId: string }
  | { readonly kind: "order.answered"; readonly clientOrderId: string; readonly result: VenueResult<OrderAck> }
  | { readonly kind: "order.observed"; readonly venue: VenueId; readonly order: OrderState }
  | { readonly kind: "order.absent"; readonly clientOrderId: string }
  | { readonly kind: "order.looked-up"; readonly clientOrderId: string; readonly result: VenueResult<OrderState | undefined> }
  | { readonly kind: "fill.observed"; readonly venue: VenueId; readonly fill: FillReport }
  /** The venue took back a fill it reported (same fill id). */
  | { readonly kind: "fill.reversed"; readonly venue: VenueId; readonly fill: FillReport }
  /** The venue's complete fill list for one order (REST). */
  | { readonly kind: "fills.fetched"; readonly venue: VenueId; readonly clientOrderId: string; readonly result: VenueResult<FillReport[]> }
  | { readonly kind: "cancel.answered"; readonly clientOrderId: string; readonly result: VenueResult<CancelAck> }
  | { readonly kind: "timer.fired"; readonly arbId: string }
  /** A venue market resolved: `winner` is the side that pays, in the venue's orientation (a Polymarket market's first token is "yes"). */
  | { readonly kind: "market.settled"; readonly venue: VenueId; readonly market: string; readonly winner: "yes" | "no" }
  /** The book of a market the bot holds unmatched contracts in moved: its exposed arbs are looked at again. */
  | { readonly kind: "book.changed"; readonly venue: VenueId; readonly market: string }
  /** A venue changed an event's taker fee (Kalshi `event_fee_update`): a rate in ppm, null when the override is
   *  cleared, undefined for a fee type that cannot be modelled (that event is then not traded). */
  | { readonly kind: "fees.changed"; readonly venue: VenueId; readonly eventId: string; readonly ratePpm: number | null | undefined }
  | { readonly kind: "breaker.reset-requested" }
  | { readonly kind: "breaker.trip-requested"; readonly detail: string }
  | { readonly kind: "entries.stopped" }
  /** A shutdown: every order still working that the venue can name is cancelled (recorded like any cancel). */
  | { readonly kind: "orders.cancel-requested" }
  | { readonly kind: "clock.ticked" };

/** An order as the ledger stores it: the in-memory record without its lookup counter. */
export type OrderRow = Readonly<Omit<OrderRec, "lookups">>;

export interface FillRow {
  readonly venue: VenueId;
  readonly fillId: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly market: string;
  readonly pair: number;
  readonly leg: number;
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly feeMicros: number;
  /** Balance change: −(price × size + fee) for a buy. */
  readonly cashMicros: number;
  readonly isTaker: boolean;
  readonly tsMs: number;
  /** When the venue took the fill back (it no longer counts anywhere). */
  readonly reversedMs?: number;
}

/** What the ledger keeps of an arb: the record less what is rebuilt at start (its orders, its exposure watch). */
export type ArbRow = Readonly<Omit<ArbRec, "orders" | "exposedHundredths" | "exposedFinal">>;

export type LedgerWrite =
  | { readonly kind: "order"; readonly row: OrderRow }
  | {
      readonly kind: "order-event";
      readonly clientOrderId: string;
      readonly from: OrderLifecycle;
      readonly to: OrderLifecycle;
      readonly input: OrderInput;
      readonly detail: string;
      readonly tsMs: number;
    }
  | { readonly kind: "fill"; readonly row: FillRow }
  | { readonly kind: "fill-reversed"; readonly row: FillRow; readonly tsMs: number }
  | { readonly kind: "arb"; readonly row: ArbRow }
  | { readonly kind: "alert"; readonly alert: Alert }
  | { readonly kind: "breaker"; readonly effect: BreakerEffect }
  | {
      readonly kind: "pnl";
      readonly day: number;
      readonly lockedProfitMicros: number;
      readonly realizedPnlMicros: number;
      readonly unwindLossMicros: number;
      readonly feesMicros: number;
    }
  | {
      readonly kind: "settlement";
      readonly venue: VenueId;
      readonly market: string;
      readonly winner: "yes" | "no";
      readonly pnlMicros: number;
      readonly payoutMicros: number;
      readonly tsMs: number;
    };

export type Command =
  | { readonly kind: "ledger.write"; readonly write: LedgerWrite }
  | { readonly kind: "order.place"; readonly venue: VenueId; readonly intent: import("@arb/venues").OrderIntent }
  | { readonly kind: "order.cancel"; readonly venue: VenueId; readonly clientOrderId: string; readonly venueOrderId: string }
  | {
      readonly kind: "order.lookup";
      readonly venue: VenueId;
      readonly clientOrderId: string;
      readonly market: string;
      readonly venueOrderId: string | undefined;
    }
  | { readonly kind: "fills.fetch"; readonly venue: VenueId; readonly clientOrderId: string; readonly venueOrderId: string }
  | { readonly kind: "timer.set"; readonly arbId: string; readonly atMs: number }
  /**
   * Takes the pair's in-flight slot. `entry`: the step read the pair free and decided an arb on it; the shell applies
   * it before anything else of the step (its orders included). Otherwise an arb taken back up (a reversed fill), which
   * holds the slot if it is free and never waits for it.
   */
  | { readonly kind: "pair.claim"; readonly pair: number; readonly atMs: number; readonly entry: boolean }
  | { readonly kind: "pair.release"; readonly pair: number; readonly cooldownMs: number }
  | { readonly kind: "opportunity.recheck"; readonly pair: number; readonly atMs: number }
  | { readonly kind: "alert.raise"; readonly alert: Alert }
  | { readonly kind: "event.emit"; readonly event: ExecutionEvent };
