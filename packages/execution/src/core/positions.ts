import { LEG_KALSHI_YES, LEG_POLY_YES, ONE_DOLLAR_UNITS } from "@arb/domain";
import { PAYOUT_MICROS_PER_HUNDREDTH } from "./sizing.js";

/**
 * Leg-level positions per matched pair (Kalshi YES, Kalshi NO, Poly YES, Poly NO), a fold over fills. Every fill is
 * "long an outcome at that outcome's price": a sale of YES is booked as being long NO at $1 − the sale price, which
 * is what it is on Kalshi's single book and economically on Polymarket (YES + NO merge to $1).
 */

export interface LegPosition {
  readonly contractsHundredths: number;
  /** Notional paid, without fees. */
  readonly costMicros: number;
  readonly feesMicros: number;
}

export interface PairPosition {
  readonly pair: number;
  readonly legs: readonly [LegPosition, LegPosition, LegPosition, LegPosition];
}

export interface PositionFill {
  readonly pair: number;
  /** LEG_KALSHI_YES .. LEG_POLY_NO. */
  readonly leg: number;
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly feeMicros: number;
}

const FLAT_LEG: LegPosition = Object.freeze({ contractsHundredths: 0, costMicros: 0, feesMicros: 0 });

export function flatPair(pair: number): PairPosition {
  return { pair, legs: [FLAT_LEG, FLAT_LEG, FLAT_LEG, FLAT_LEG] };
}

export const isYesLeg = (leg: number): boolean => leg === LEG_KALSHI_YES || leg === LEG_POLY_YES;

export function applyFill(p: PairPosition, f: PositionFill): PairPosition {
  const legs = [...p.legs] as [LegPosition, LegPosition, LegPosition, LegPosition];
  const l = legs[f.leg];
  if (l === undefined) throw new RangeError(`not a leg: ${f.leg}`);
  legs[f.leg] = {
    contractsHundredths: l.contractsHundredths + f.sizeHundredths,
    costMicros: l.costMicros + f.priceUnits * f.sizeHundredths,
    feesMicros: l.feesMicros + f.feeMicros,
  };
  return { pair: p.pair, legs };
}

/** Folds fills into positions by pair (the recomputation the tracker must always equal). */
export function foldFills(fills: Iterable<PositionFill>): Map<number, PairPosition> {
  const out = new Map<number, PairPosition>();
  for (const f of fills) out.set(f.pair, applyFill(out.get(f.pair) ?? flatPair(f.pair), f));
  return out;
}

export interface PairMetrics {
  readonly yesHundredths: number;
  readonly noHundredths: number;
  readonly matchedHundredths: number;
  readonly unmatchedHundredths: number;
  /** Which outcome the unmatched contracts are long, if any. */
  readonly unmatchedOutcome: "yes" | "no" | undefined;
  /** Cost basis (with fees) of the unmatched contracts, pro rata from their side's average. */
  readonly unmatchedCostMicros: number;
  readonly totalCostMicros: number;
  readonly feesMicros: number;
  /** Matched contracts × $1 − total cost: the P&L whichever way the game ends. */
  readonly guaranteedProfitMicros: number;
  /** Average price per leg, micros per contract (0 when flat). */
  readonly avgPriceMicros: readonly [number, number, number, number];
}

export function computePairMetrics(p: PairPosition): PairMetrics {
  let yes = 0;
  let no = 0;
  let yesCost = 0;
  let noCost = 0;
  let fees = 0;
  const avg: [number, number, number, number] = [0, 0, 0, 0];
  p.legs.forEach((l, i) => {
    const all = l.costMicros + l.feesMicros;
    if (isYesLeg(i)) {
      yes += l.contractsHundredths;
      yesCost += all;
    } else {
      no += l.contractsHundredths;
      noCost += all;
    }
    fees += l.feesMicros;
    avg[i] = l.contractsHundredths === 0 ? 0 : Math.floor((l.costMicros * 100) / l.contractsHundredths);
  });
  const matched = Math.min(yes, no);
  const unmatched = Math.abs(yes - no);
  const side = yes > no ? "yes" : no > yes ? "no" : undefined;
  const sideCost = side === "yes" ? yesCost : noCost;
  const sideSize = side === "yes" ? yes : no;
  const total = yesCost + noCost;
  return {
    yesHundredths: yes,
    noHundredths: no,
    matchedHundredths: matched,
    unmatchedHundredths: unmatched,
    unmatchedOutcome: side,
    unmatchedCostMicros: side === undefined ? 0 : Math.floor((sideCost * unmatched) / sideSize),
    totalCostMicros: total,
    feesMicros: fees,
    guaranteedProfitMicros: matched * PAYOUT_MICROS_PER_HUNDREDTH - total,
    avgPriceMicros: avg,
  };
}

/** Mark-to-market: matched at $1, the unmatched contracts at their outcome's best bid (units). */
export function computeMarkToMarketMicros(p: PairPosition, bidUnits: { readonly yes: number; readonly no: number }): number {
  const m = computePairMetrics(p);
  const mark = m.unmatchedOutcome === undefined ? 0 : m.unmatchedOutcome === "yes" ? bidUnits.yes : bidUnits.no;
  return m.matchedHundredths * PAYOUT_MICROS_PER_HUNDREDTH + m.unmatchedHundredths * mark - m.totalCostMicros;
}

/** P&L when the game resolves: every winning contract pays $1. */
export function computeSettlementMicros(p: PairPosition, result: "yes" | "no"): number {
  const m = computePairMetrics(p);
  const winning = result === "yes" ? m.yesHundredths : m.noHundredths;
  return winning * PAYOUT_MICROS_PER_HUNDREDTH - m.totalCostMicros;
}

/** The outcome price of a fill reported with its YES price. */
export function outcomePriceUnits(outcome: "yes" | "no", yesPriceUnits: number): number {
  return outcome === "yes" ? yesPriceUnits : ONE_DOLLAR_UNITS - yesPriceUnits;
}
