import { MAX_RATE_PPM, intToDecimal } from "@arb/domain";

/** Kalshi's fee types, as `event_fee_update.fee_type_override` names them. */
export const KALSHI_FEE_TYPES = ["quadratic", "quadratic_with_maker_fees", "quadratic_with_combo_maker_fees", "flat"] as const;
export type KalshiFeeType = (typeof KALSHI_FEE_TYPES)[number];
/** A flat fee has no rate the quadratic formula could carry; the simulator refuses it rather than guess its amount. */
export type SimulatedFeeType = Exclude<KalshiFeeType, "flat">;

/** Largest override multiplier accepted: ten times a series' rate, already far above any the venue has published. */
export const MAX_FEE_MULTIPLIER = 10;

export interface FeeRates {
  readonly takerRatePpm: number;
  readonly makerRatePpm: number;
}

/** An event's fee override; the multiplier as the wire's JSON number, in millionths so every rate after it is integer. */
export interface EventFeeOverride {
  readonly feeType: SimulatedFeeType;
  readonly multiplierMillionths: number;
}

const toMillionths = (multiplier: number): number => Math.round(multiplier * 1_000_000);

/**
 * Pure: a market's rates under its event's fee override. Kalshi's quadratic fee is multiplier × base × C × P × (1 − P),
 * the base being what the series charges with no override (its rate in the scenario, 70 000 ppm by default), so the
 * override's rate is round(multiplier × series rate), half up, in ppm. Makers pay only under quadratic_with_maker_fees
 * (round(multiplier × the series' maker rate)); combo maker fees fall on combo markets, which the simulator does not
 * list, so that type charges these markets' makers nothing, as plain quadratic does.
 */
export function computeOverrideRates(series: FeeRates, o: EventFeeOverride): FeeRates {
  const scale = (ratePpm: number): number => Math.floor((ratePpm * o.multiplierMillionths + 500_000) / 1_000_000);
  const rates = { takerRatePpm: scale(series.takerRatePpm), makerRatePpm: o.feeType === "quadratic_with_maker_fees" ? scale(series.makerRatePpm) : 0 };
  if (rates.takerRatePpm > MAX_RATE_PPM || rates.makerRatePpm > MAX_RATE_PPM) {
    throw new RangeError(`a fee multiplier of ${intToDecimal(o.multiplierMillionths, 6)} puts the rate above ${MAX_RATE_PPM} ppm`);
  }
  return rates;
}

/** What the simulator cannot do with a well-typed override (half of one, a flat fee), for the scenario and the control
 *  API alike: the field to blame and why. */
export function eventFeeIssue(e: {
  readonly feeType: KalshiFeeType | null;
  readonly multiplier: number | null;
}): { path: "feeType" | "multiplier"; message: string } | undefined {
  if ((e.feeType === null) !== (e.multiplier === null))
    return { path: "multiplier", message: "set both feeType and multiplier, or both null to clear the override" };
  if (e.feeType === "flat") return { path: "feeType", message: "flat fees are not simulated (no rate for the quadratic formula)" };
  return undefined;
}

/** The override the wire's two fields describe; undefined when both are null (the override cleared). */
export function eventFeeOverride(feeType: KalshiFeeType | null, multiplier: number | null): EventFeeOverride | undefined {
  const bad = eventFeeIssue({ feeType, multiplier });
  if (bad !== undefined) throw new RangeError(bad.message);
  // Past the check a null means both are null, and "flat" is gone; the test below only narrows the types.
  return feeType === null || feeType === "flat" || multiplier === null ? undefined : { feeType, multiplierMillionths: toMillionths(multiplier) };
}
