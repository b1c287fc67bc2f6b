import { type FeeSchedule, ONE_DOLLAR_UNITS, orderFeeMicros, perContractFeeUnits } from "@arb/domain";
import type { Rng } from "./rng.js";

/** Resting house liquidity of one market, per side: YES price units → size hundredths. */
export interface HouseLevels {
  readonly bids: ReadonlyMap<number, number>;
  readonly asks: ReadonlyMap<number, number>;
}

export interface LadderSpec {
  readonly levels: number;
  readonly halfSpreadUnits: number;
  readonly tickUnits: number;
  readonly minSizeHundredths: number;
  readonly maxSizeHundredths: number;
}

const clampPrice = (p: number, tick: number): number => Math.max(tick, Math.min(ONE_DOLLAR_UNITS - tick, p));

/** Pure: a maker's ladder around a fair YES price; sizes are whole contracts drawn from the PRNG. */
export function ladder(fairUnits: number, spec: LadderSpec, rng: Rng): HouseLevels {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  const tick = spec.tickUnits;
  const size = (): number => rng.int(Math.ceil(spec.minSizeHundredths / 100), Math.floor(spec.maxSizeHundredths / 100)) * 100;
  const topBid = Math.floor((fairUnits - spec.halfSpreadUnits) / tick) * tick;
  const topAsk = Math.ceil((fairUnits + spec.halfSpreadUnits) / tick) * tick;
  for (let k = 0; k < spec.levels; k++) {
    const b = clampPrice(topBid - k * tick, tick);
    const a = clampPrice(topAsk + k * tick, tick);
    bids.set(b, (bids.get(b) ?? 0) + size());
    asks.set(a, (asks.get(a) ?? 0) + size());
  }
  return { bids, asks };
}

/** An injected same-market window: YES ask + NO ask + both taker fees = $1 − edge. */
export interface ArbQuote {
  readonly yesAskUnits: number;
  readonly noAskUnits: number;
  /** Edge per YES+NO pair after the per-contract taker fee estimate, in units (1 unit = 1 bp of $1). */
  readonly edgeUnits: number;
}

/** One leg's venue rules: its tick and its taker fee schedule. */
export interface LegRules {
  readonly tickUnits: number;
  readonly fees: FeeSchedule;
}

/**
 * Pure: a YES ask at the fair value and the highest NO ask on the NO leg's grid that leaves at least `edgeBps`
 * after both legs' per-contract taker fees, for windows whose legs sit on different venues or on one (then both legs
 * have that venue's rules). The NO ask is rounded down, so the real edge may exceed the request by < 1 tick.
 */
export function planLegQuote(fairUnits: number, edgeBps: number, yes: LegRules, no: LegRules): ArbQuote {
  const yesAskUnits = clampPrice(Math.round(fairUnits / yes.tickUnits) * yes.tickUnits, yes.tickUnits);
  let noAskUnits = Math.floor((ONE_DOLLAR_UNITS - yesAskUnits - edgeBps) / no.tickUnits) * no.tickUnits;
  const edgeOf = (n: number): number => ONE_DOLLAR_UNITS - yesAskUnits - n - perContractFeeUnits(yes.fees, yesAskUnits) - perContractFeeUnits(no.fees, n);
  while (noAskUnits > no.tickUnits && edgeOf(noAskUnits) < edgeBps) noAskUnits -= no.tickUnits;
  return { yesAskUnits, noAskUnits, edgeUnits: edgeOf(noAskUnits) };
}

/** One leg of a window as a taker buys it: its ask and its venue's taker fee schedule (the market's actual rates). */
export interface PricedLeg {
  readonly askUnits: number;
  readonly fees: FeeSchedule;
}

/**
 * Pure: what a perfect taker locks by buying `sizeHundredths` of both legs at their asks, in micros: the pairs pay
 * $1 each, less each leg's cost and its venue's exact fee for the whole order (Kalshi's kalshiOrderFeeMicros at retail
 * precision, Polymarket's polymarketOrderFeeMicros). Hundredths × units are micros, so this is integer throughout.
 */
export function computeWindowProfitMicros(sizeHundredths: number, legs: readonly [PricedLeg, PricedLeg]): number {
  const cost = (l: PricedLeg): number => sizeHundredths * l.askUnits + orderFeeMicros(l.fees, sizeHundredths, l.askUnits);
  return sizeHundredths * ONE_DOLLAR_UNITS - cost(legs[0]) - cost(legs[1]);
}
