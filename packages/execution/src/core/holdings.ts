import type { VenueId } from "@arb/domain";
import { bookOf } from "./claims.js";
import type { PairSpec } from "../config.js";
import type { LegPosition, PairPosition } from "./positions.js";
import { PAYOUT_MICROS_PER_HUNDREDTH } from "./sizing.js";

/**
 * Money is held by venue market and side, never by pair: `venue:market:side`, the market and side in the venue's own
 * orientation (a Polymarket market's first token is its "yes"), the same names as the book sides of claims.ts, since
 * buying a side's asks is what makes one hold it. A pair is a view over these: both pairs of a shared Polymarket
 * market see the same two holdings, and a restart with another pair set finds every holding where it was.
 */
export type Holdings = Map<string, LegPosition>;

export interface HoldingRef {
  readonly venue: VenueId;
  readonly market: string;
  readonly side: "yes" | "no";
}

/** The holding an order's fills add to: `outcome` is the outcome the order makes us long, named in the market key's orientation. */
export const holdingOf = (venue: VenueId, marketKey: string, outcome: "yes" | "no"): string => bookOf(venue, marketKey, outcome, "buy");

export function parseHolding(key: string): HoldingRef {
  const last = key.lastIndexOf(":");
  const first = key.indexOf(":");
  return { venue: key.slice(0, first) as VenueId, market: key.slice(first + 1, last), side: key.slice(last + 1) === "yes" ? "yes" : "no" };
}

const FLAT: LegPosition = Object.freeze({ contractsHundredths: 0, costMicros: 0, feesMicros: 0 });

/** Adds a fill (or, with negative sizes, takes a reversed one back) to a holding; a holding back at zero is dropped. */
export function addToHolding(h: Holdings, key: string, priceUnits: number, sizeHundredths: number, feeMicros: number): void {
  const l = h.get(key) ?? FLAT;
  const next = {
    contractsHundredths: l.contractsHundredths + sizeHundredths,
    costMicros: l.costMicros + priceUnits * sizeHundredths,
    feesMicros: l.feesMicros + feeMicros,
  };
  if (next.contractsHundredths === 0 && next.costMicros === 0 && next.feesMicros === 0) h.delete(key);
  else h.set(key, next);
}

/** Contracts held in one venue market, both sides. */
export function marketHundredths(h: Holdings, venue: VenueId, market: string): number {
  return (h.get(`${venue}:${market}:yes`)?.contractsHundredths ?? 0) + (h.get(`${venue}:${market}:no`)?.contractsHundredths ?? 0);
}

/** A pair's four legs as a view over the holdings (Kalshi YES, Kalshi NO, Polymarket YES, Polymarket NO). */
export function pairView(h: Holdings, spec: PairSpec): PairPosition {
  const leg = (venue: VenueId, key: string | undefined, outcome: "yes" | "no") => (key === undefined ? FLAT : (h.get(holdingOf(venue, key, outcome)) ?? FLAT));
  return {
    pair: spec.pair,
    legs: [
      leg("kalshi", spec.kalshiMarket, "yes"),
      leg("kalshi", spec.kalshiMarket, "no"),
      leg("polymarket", spec.polymarketMarket, "yes"),
      leg("polymarket", spec.polymarketMarket, "no"),
    ],
  };
}

/** When a holding pays: `is` the outcome (a Kalshi market's YES, its Polymarket twin), or `isNot` it (their NO). */
interface Payout {
  readonly outcome: string;
  readonly when: "is" | "isNot";
}

/**
 * A game (a Kalshi event and the Polymarket markets bound to its markets): the holdings it covers and when each pays.
 * Outcomes are named by their Kalshi market's ticker; when the event's full list of markets is not known, one more
 * outcome, "none of those", stands for every other way the game can end.
 */
export interface Game {
  readonly eventId: string;
  readonly outcomes: readonly string[];
  readonly payouts: ReadonlyMap<string, Payout>;
}

const OTHER_OUTCOME = "";

/** Pure: the games of a pair set, and which game each holding belongs to. */
export function gamesOf(pairs: Iterable<PairSpec>): { games: Map<string, Game>; gameOf: Map<string, string> } {
  const byEvent = new Map<string, { outcomes: Set<string>; exhaustive: boolean; payouts: Map<string, Payout> }>();
  const gameOf = new Map<string, string>();
  for (const p of pairs) {
    if (p.kalshiMarket === undefined) continue;
    let g = byEvent.get(p.eventId);
    if (g === undefined) {
      g = { outcomes: new Set(p.eventMarkets ?? []), exhaustive: p.eventMarkets !== undefined, payouts: new Map() };
      byEvent.set(p.eventId, g);
    }
    g.outcomes.add(p.kalshiMarket);
    const t = p.kalshiMarket;
    const add = (key: string, when: "is" | "isNot") => {
      // A token that is one pair's YES pays exactly on that outcome: keep that reading over another pair's "not".
      if (g.payouts.get(key)?.when !== "is") g.payouts.set(key, { outcome: t, when });
      gameOf.set(key, p.eventId);
    };
    add(holdingOf("kalshi", t, "yes"), "is");
    add(holdingOf("kalshi", t, "no"), "isNot");
    if (p.polymarketMarket !== undefined) {
      add(holdingOf("polymarket", p.polymarketMarket, "yes"), "is");
      add(holdingOf("polymarket", p.polymarketMarket, "no"), "isNot");
    }
  }
  const games = new Map<string, Game>();
  for (const [eventId, g] of byEvent) {
    const outcomes = [...g.outcomes];
    if (!g.exhaustive) outcomes.push(OTHER_OUTCOME);
    games.set(eventId, { eventId, outcomes, payouts: g.payouts });
  }
  return { games, gameOf };
}

export interface GameMetrics {
  /** Cost basis held, fees included. */
  readonly costMicros: number;
  /** P&L at the outcome that pays least: what the game locks in whatever happens. */
  readonly guaranteedMicros: number;
  /** P&L at the outcome that pays most. */
  readonly bestMicros: number;
  /** best − guaranteed: what the outcome still decides (0 for a fully hedged game). */
  readonly exposureMicros: number;
}

/** Pure: one game's holdings valued at each outcome. */
export function gameMetrics(h: Holdings, game: Game): GameMetrics {
  let cost = 0;
  const pay = game.outcomes.map(() => 0);
  for (const [key, payout] of game.payouts) {
    const l = h.get(key);
    if (l === undefined) continue;
    cost += l.costMicros + l.feesMicros;
    game.outcomes.forEach((o, i) => {
      if ((o === payout.outcome) === (payout.when === "is")) pay[i] = (pay[i] as number) + l.contractsHundredths;
    });
  }
  const worst = Math.min(...pay) * PAYOUT_MICROS_PER_HUNDREDTH - cost;
  const best = Math.max(...pay) * PAYOUT_MICROS_PER_HUNDREDTH - cost;
  return { costMicros: cost, guaranteedMicros: worst, bestMicros: best, exposureMicros: best - worst };
}

/**
 * Holdings no current pair names (a pair dropped since they were bought): valued at what they pay for sure, YES and
 * NO of one venue market together paying $1, anything else nothing.
 */
export function unmappedMetrics(h: Holdings, gameOf: ReadonlyMap<string, string>): GameMetrics {
  const markets = new Map<string, { yes: LegPosition; no: LegPosition }>();
  for (const [key, l] of h) {
    if (gameOf.has(key)) continue;
    const r = parseHolding(key);
    const m = markets.get(`${r.venue}:${r.market}`) ?? { yes: FLAT, no: FLAT };
    markets.set(`${r.venue}:${r.market}`, r.side === "yes" ? { ...m, yes: l } : { ...m, no: l });
  }
  let cost = 0;
  let sure = 0;
  let upside = 0;
  for (const { yes, no } of markets.values()) {
    cost += yes.costMicros + yes.feesMicros + no.costMicros + no.feesMicros;
    sure += Math.min(yes.contractsHundredths, no.contractsHundredths);
    upside += Math.max(yes.contractsHundredths, no.contractsHundredths);
  }
  return {
    costMicros: cost,
    guaranteedMicros: sure * PAYOUT_MICROS_PER_HUNDREDTH - cost,
    bestMicros: upside * PAYOUT_MICROS_PER_HUNDREDTH - cost,
    exposureMicros: (upside - sure) * PAYOUT_MICROS_PER_HUNDREDTH,
  };
}
