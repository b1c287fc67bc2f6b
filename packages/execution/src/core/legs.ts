import { type ArbType, LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, type VenueId } from "@arb/domain";
import { parsePolymarketMarketKey } from "@arb/venues";
import type { PairSpec } from "../config.js";
import { VENUE_MECHANICS, specMarketOf } from "./venue-rules.js";

export interface LegRef {
  readonly venue: VenueId;
  readonly outcome: "yes" | "no";
  readonly leg: number;
}

const KY: LegRef = { venue: "kalshi", outcome: "yes", leg: LEG_KALSHI_YES };
const KN: LegRef = { venue: "kalshi", outcome: "no", leg: LEG_KALSHI_NO };
const PY: LegRef = { venue: "polymarket", outcome: "yes", leg: LEG_POLY_YES };
const PN: LegRef = { venue: "polymarket", outcome: "no", leg: LEG_POLY_NO };

/** The two legs each arb type buys, in the detection core's naming. */
export const ARB_LEGS: Readonly<Record<ArbType, readonly [LegRef, LegRef]>> = {
  poly_yes_kalshi_no: [PY, KN],
  kalshi_yes_poly_no: [KY, PN],
  poly_same_market: [PY, PN],
  kalshi_same_market: [KY, KN],
};

export function legOf(venue: VenueId, outcome: "yes" | "no"): number {
  return VENUE_MECHANICS[venue].legs[outcome];
}

export function marketOf(spec: PairSpec, venue: VenueId): string | undefined {
  return specMarketOf(spec, venue);
}

/**
 * The venue market a pair's market key trades: two pairs on one Polymarket market (one under its inverted key) hold
 * the same market, so exposure limits and reconciliation count them together.
 */
export function venueMarketOf(key: string): string {
  return parsePolymarketMarketKey(key).conditionId;
}

export const opposite = (o: "yes" | "no"): "yes" | "no" => (o === "yes" ? "no" : "yes");
