import { ONE_DOLLAR_UNITS, type VenueId } from "@arb/domain";
import type { VenueRules } from "../config.js";
import { feeTableOf } from "./fee-tables.js";
import { VENUE_MECHANICS, feeExponentOf } from "./venue-rules.js";

/** Payout of one hundredth of a winning contract, in micros ($1 / 100). */
export const PAYOUT_MICROS_PER_HUNDREDTH = ONE_DOLLAR_UNITS;

/** One leg's asks for the outcome it buys: flat [priceUnits, sizeHundredths, …], best (lowest) first. */
export interface LegDepth {
  readonly venue: VenueId;
  readonly asks: readonly number[];
}

export interface LegCost {
  readonly filledHundredths: number;
  /** Notional plus fees, what the balance pays. */
  readonly costMicros: number;
  readonly feeMicros: number;
  /** The worst level touched: the limit price that takes exactly these levels. */
  readonly limitPriceUnits: number;
}

export interface SizePlan {
  readonly sizeHundredths: number;
  readonly legs: readonly [LegCost, LegCost];
  readonly profitMicros: number;
  readonly edgeBps: number;
}

export type SizeResult =
  | { readonly ok: true; readonly plan: SizePlan }
  | { readonly ok: false; readonly reason: "NO_DEPTH" | "BELOW_MINIMUM" | "EDGE_TOO_SMALL" };

export interface SizeLimits {
  readonly maxHundredths: number;
  readonly minProfitMicros: number;
  readonly minEdgeBps: number;
}

const ceilTo = (n: number, step: number): number => {
  const r = n % step;
  return r === 0 ? n : n + step - r;
};

/**
 * Exact cost of buying `sizeHundredths` by walking `asks` with one order. Kalshi: each level's trade fee rounded
 * up to the micro, the order's total rounded up to the balance precision (its accumulator converges there).
 * Polymarket: each level's fee floored to 5 dp, as the venue charges per match.
 */
export function computeLegCost(depth: LegDepth, sizeHundredths: number, rules: VenueRules): LegCost {
  const asks = depth.asks;
  const fees = feeTableOf(depth.venue, rules.feeRatePpm, feeExponentOf(depth.venue, rules));
  let left = sizeHundredths;
  let notional = 0;
  let fee = 0;
  let limit = 0;
  for (let i = 0; i + 1 < asks.length && left > 0; i += 2) {
    const p = asks[i] as number;
    const take = Math.min(left, asks[i + 1] as number);
    if (take <= 0) continue;
    notional += p * take;
    fee += fees.fillFeeMicros(take, p);
    limit = p;
    left -= take;
  }
  const filled = sizeHundredths - left;
  if (VENUE_MECHANICS[depth.venue].charges === "order-total") {
    const cost = ceilTo(notional + fee, rules.precisionMicros);
    return { filledHundredths: filled, costMicros: cost, feeMicros: cost - notional, limitPriceUnits: limit };
  }
  return { filledHundredths: filled, costMicros: notional + fee, feeMicros: fee, limitPriceUnits: limit };
}

/** Size both venues accept: a multiple of both lots. */
function commonLot(a: VenueRules, b: VenueRules): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a.lotHundredths / gcd(a.lotHundredths, b.lotHundredths)) * b.lotHundredths;
}

/**
 * The largest common size that is still profitable after the exact per-order fees at that size: walk both legs'
 * levels while the next contract's marginal edge (per-contract fee estimate) is positive, cap by the limit, round
 * down to both venues' lots, then step down a lot at a time until the exact profit and edge clear the minimums
 * (fee rounding can make the last lot unprofitable).
 */
export function planSize(a: LegDepth, ra: VenueRules, b: LegDepth, rb: VenueRules, limits: SizeLimits): SizeResult {
  if (a.asks.length < 2 || b.asks.length < 2) return { ok: false, reason: "NO_DEPTH" };
  const fa = feeTableOf(a.venue, ra.feeRatePpm, feeExponentOf(a.venue, ra));
  const fb = feeTableOf(b.venue, rb.feeRatePpm, feeExponentOf(b.venue, rb));
  let ia = 0;
  let ib = 0;
  let remA = a.asks[1] as number;
  let remB = b.asks[1] as number;
  let size = 0;
  while (ia + 1 < a.asks.length && ib + 1 < b.asks.length && size < limits.maxHundredths) {
    const pa = a.asks[ia] as number;
    const pb = b.asks[ib] as number;
    const marginal = ONE_DOLLAR_UNITS - pa - pb - fa.perContractUnits(pa) - fb.perContractUnits(pb);
    if (marginal <= 0) break;
    const take = Math.min(remA, remB, limits.maxHundredths - size);
    size += take;
    remA -= take;
    remB -= take;
    if (remA <= 0) {
      ia += 2;
      remA = (a.asks[ia + 1] as number | undefined) ?? 0;
    }
    if (remB <= 0) {
      ib += 2;
      remB = (b.asks[ib + 1] as number | undefined) ?? 0;
    }
  }
  // Not one contract has a positive marginal edge: the edge is gone, whatever the minimums.
  if (size === 0) return { ok: false, reason: "EDGE_TOO_SMALL" };
  const lot = commonLot(ra, rb);
  const min = ceilTo(Math.max(ra.minOrderHundredths, rb.minOrderHundredths), lot);
  size -= size % lot;
  if (size < min) return { ok: false, reason: "BELOW_MINIMUM" };
  for (; size >= min; size -= lot) {
    const ca = computeLegCost(a, size, ra);
    const cb = computeLegCost(b, size, rb);
    const cost = ca.costMicros + cb.costMicros;
    const profit = size * PAYOUT_MICROS_PER_HUNDREDTH - cost;
    const edgeBps = cost > 0 ? Math.floor((profit * 10_000) / cost) : 0;
    if (profit >= limits.minProfitMicros && profit > 0 && edgeBps >= limits.minEdgeBps) {
      return { ok: true, plan: { sizeHundredths: size, legs: [ca, cb], profitMicros: profit, edgeBps } };
    }
  }
  return { ok: false, reason: "EDGE_TOO_SMALL" };
}
