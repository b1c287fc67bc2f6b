import { ONE_DOLLAR_UNITS, type VenueId } from "@arb/domain";
import type { VenueRules } from "../config.js";
import { type LegDepth, PAYOUT_MICROS_PER_HUNDREDTH, computeLegCost } from "./sizing.js";

/**
 * What to do with an arb's excess (one leg filled more than the other): complete the hedge by buying the missing
 * outcome on the other leg's venue, or sell the excess back at the best bid on its own venue. Selling outcome X at
 * bid b is costed as buying the opposite outcome at $1 − b (the same order on Kalshi's single book; YES + NO merge
 * to $1 on Polymarket), so both candidates walk asks of the opposite outcome.
 */

export type ResolveKind = "hedge" | "unwind";

export interface ResolveCandidate {
  readonly kind: ResolveKind;
  readonly venue: VenueId;
  readonly market: string;
  /** hedge: buy the opposite outcome; unwind: sell the excess outcome. */
  readonly action: "buy" | "sell";
  /** The outcome named in the order. */
  readonly outcome: "yes" | "no";
  /** Asks of the outcome the order makes us long (the opposite of the excess). */
  readonly depth: LegDepth;
  readonly rules: VenueRules;
}

export interface ResolveInput {
  readonly excessHundredths: number;
  /** Cost basis with fees of the excess contracts. */
  readonly excessCostMicros: number;
  readonly maxLossMicros: number;
  readonly candidates: readonly ResolveCandidate[];
}

export interface ResolveOrder {
  readonly kind: ResolveKind;
  readonly candidate: ResolveCandidate;
  readonly sizeHundredths: number;
  /** Limit price for the order's named outcome (a buy's highest ask, a sale's lowest bid). */
  readonly limitPriceUnits: number;
  /** P&L of the contracts this order matches, fees included (negative: the loss taken). */
  readonly expectedPnlMicros: number;
}

export type ResolvePlan =
  | { readonly kind: "order"; readonly order: ResolveOrder }
  | { readonly kind: "none"; readonly reason: "NO_DEPTH" | "LOSS_TOO_LARGE" | "BELOW_MINIMUM" };

function bestFor(c: ResolveCandidate, input: ResolveInput): ResolveOrder | "NO_DEPTH" | "LOSS_TOO_LARGE" | "BELOW_MINIMUM" {
  const lot = c.rules.lotHundredths;
  let size = input.excessHundredths - (input.excessHundredths % lot);
  if (size < c.rules.minOrderHundredths) return "BELOW_MINIMUM";
  if (c.depth.asks.length < 2) return "NO_DEPTH";
  for (; size >= c.rules.minOrderHundredths; size -= lot) {
    const cost = computeLegCost(c.depth, size, c.rules);
    if (cost.filledHundredths < size) continue;
    const basis = Math.floor((input.excessCostMicros * size) / input.excessHundredths);
    const pnl = size * PAYOUT_MICROS_PER_HUNDREDTH - basis - cost.costMicros;
    if (pnl >= -input.maxLossMicros) {
      const limit = c.action === "buy" ? cost.limitPriceUnits : ONE_DOLLAR_UNITS - cost.limitPriceUnits;
      return { kind: c.kind, candidate: c, sizeHundredths: size, limitPriceUnits: limit, expectedPnlMicros: pnl };
    }
  }
  return "LOSS_TOO_LARGE";
}

/** The largest resolving order within the loss bound; on equal size the better P&L, then the hedge. */
export function planResolve(input: ResolveInput): ResolvePlan {
  let best: ResolveOrder | undefined;
  let why: "NO_DEPTH" | "LOSS_TOO_LARGE" | "BELOW_MINIMUM" = "NO_DEPTH";
  for (const c of input.candidates) {
    const r = bestFor(c, input);
    if (typeof r === "string") {
      if (r !== "NO_DEPTH") why = r;
      continue;
    }
    if (
      best === undefined ||
      r.sizeHundredths > best.sizeHundredths ||
      (r.sizeHundredths === best.sizeHundredths && r.expectedPnlMicros > best.expectedPnlMicros)
    ) {
      best = r;
    }
  }
  return best === undefined ? { kind: "none", reason: why } : { kind: "order", order: best };
}
