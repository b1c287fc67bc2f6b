export type VenueId = "kalshi" | "polymarket";

/** The four arbitrage types, in the order the detector prefers them on a tie (cross-venue first). */
export const ARB_TYPES = ["poly_yes_kalshi_no", "kalshi_yes_poly_no", "poly_same_market", "kalshi_same_market"] as const;
export type ArbType = (typeof ARB_TYPES)[number];

/** Wire code of an arb type in the detection core: 1..4, 0 = none. */
export type ArbTypeCode = 0 | 1 | 2 | 3 | 4;

export function arbTypeName(code: number): ArbType {
  const name = ARB_TYPES[code - 1];
  if (name === undefined) throw new RangeError(`not an arb type code: ${code}`);
  return name;
}

/** The legs of a pair, in the order the detection core stores them. */
export const LEGS = ["kalshi_yes", "kalshi_no", "poly_yes", "poly_no"] as const;
export type Leg = (typeof LEGS)[number];
export const LEG_KALSHI_YES = 0;
export const LEG_KALSHI_NO = 1;
export const LEG_POLY_YES = 2;
export const LEG_POLY_NO = 3;
