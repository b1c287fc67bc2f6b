import type { VenueId } from "./arb.js";
import { PRICE_SCALE, decimalToInt } from "./units.js";

/**
 * Exact taker-fee arithmetic for both venues, integers only (BigInt inside, safe integers out).
 * The detection core (Wasm, its TS twin and the Rust reference) must give the same integers; its parity
 * tests use these functions as the oracle.
 *
 * Rates are in parts per million (Kalshi 0.07 → 70 000; Polymarket fd.r 0.05 → 50 000).
 * With p = price in 1/10 000 $ and x = p × (10 000 − p), P(1−P) = x / 10^8.
 */

/** "exact": what the venue charges today. "terauss": the Rust peer's model (Kalshi per contract rounded up
 *  to the cent, Polymarket free), kept so both bots' decisions can be compared on the same books. */
export type FeeModel = "exact" | "terauss";
export type FeeExponent = 0 | 1 | 2;

export interface FeeSchedule {
  readonly venue: VenueId;
  readonly model: FeeModel;
  /** Taker rate in ppm, 0..1 000 000. */
  readonly ratePpm: number;
  /** Polymarket's fd.e; Kalshi's formula is always exponent 1. Whole exponents above 2 are refused (fail closed). */
  readonly exponent: FeeExponent;
}

export const KALSHI_DEFAULT_RATE_PPM = 70_000;
export const MAX_RATE_PPM = 1_000_000;
/** Largest order size the exact functions accept, in 1/100 contract (10^8 contracts). */
export const MAX_SIZE_HUNDREDTHS = 10_000_000_000;
/** Kalshi balance precision: $0.01 for non-direct (retail) members, $0.0001 for direct members. */
export const KALSHI_PRECISION_RETAIL_MICROS = 10_000;
export const KALSHI_PRECISION_DIRECT_MICROS = 100;

export function kalshiSchedule(ratePpm = KALSHI_DEFAULT_RATE_PPM, model: FeeModel = "exact"): FeeSchedule {
  return checkSchedule({ venue: "kalshi", model, ratePpm, exponent: 1 });
}

export function polymarketSchedule(ratePpm: number, exponent: number, model: FeeModel = "exact"): FeeSchedule {
  return checkSchedule({ venue: "polymarket", model, ratePpm, exponent: exponent as FeeExponent });
}

export function checkSchedule(s: FeeSchedule): FeeSchedule {
  if (!Number.isInteger(s.ratePpm) || s.ratePpm < 0 || s.ratePpm > MAX_RATE_PPM) {
    throw new RangeError(`fee ratePpm must be an integer in 0..${MAX_RATE_PPM}, got ${s.ratePpm}`);
  }
  if (s.exponent !== 0 && s.exponent !== 1 && s.exponent !== 2) {
    throw new RangeError(`fee exponent must be 0, 1 or 2, got ${String(s.exponent)}`);
  }
  if (s.venue === "kalshi" && s.exponent !== 1) throw new RangeError("a Kalshi fee schedule has exponent 1");
  return s;
}

/** Kalshi fee types whose taker fee is the quadratic formula (the maker-fee variants change only what makers pay). */
const KALSHI_QUADRATIC_FEE_TYPES: ReadonlySet<string> = new Set(["quadratic", "quadratic_with_maker_fees", "quadratic_with_combo_maker_fees"]);

/**
 * The taker rate an event-level fee override (Kalshi `event_fee_update`: fee_type_override, fee_multiplier_override)
 * sets, in ppm. null: the override is cleared (both fields null), so the series' own rate applies again. A number:
 * round(multiplier × baseRatePpm) for the quadratic types, from the multiplier's decimal text (at most 6 decimals),
 * never through a float product. undefined: nothing this client can model — another type (e.g. "flat"), one field
 * null without the other, a multiplier that is negative, too precise or yields a rate above 100 % — so the event
 * must not be traded (fail closed).
 */
export function kalshiFeeOverrideRatePpm(feeType: string | null, multiplier: number | null, baseRatePpm = KALSHI_DEFAULT_RATE_PPM): number | null | undefined {
  if (!Number.isInteger(baseRatePpm) || baseRatePpm < 0 || baseRatePpm > MAX_RATE_PPM) {
    throw new RangeError(`base ratePpm must be an integer in 0..${MAX_RATE_PPM}, got ${baseRatePpm}`);
  }
  if (feeType === null && multiplier === null) return null;
  if (feeType === null || multiplier === null || !KALSHI_QUADRATIC_FEE_TYPES.has(feeType)) return undefined;
  const multiplierPpm = Number.isFinite(multiplier) ? decimalToInt(String(multiplier), 6) : undefined;
  if (multiplierPpm === undefined || multiplierPpm < 0) return undefined;
  // round half up of multiplierPpm × base / 10^6
  const rate = (BigInt(multiplierPpm) * BigInt(baseRatePpm) + 500_000n) / 1_000_000n;
  return rate <= BigInt(MAX_RATE_PPM) ? Number(rate) : undefined;
}

function checkPrice(priceUnits: number): bigint {
  if (!Number.isInteger(priceUnits) || priceUnits < 0 || priceUnits > PRICE_SCALE) {
    throw new RangeError(`price must be an integer in 0..${PRICE_SCALE} units, got ${priceUnits}`);
  }
  return BigInt(priceUnits) * BigInt(PRICE_SCALE - priceUnits);
}

function checkSize(sizeHundredths: number): bigint {
  if (!Number.isInteger(sizeHundredths) || sizeHundredths < 0 || sizeHundredths > MAX_SIZE_HUNDREDTHS) {
    throw new RangeError(`size must be an integer in 0..${MAX_SIZE_HUNDREDTHS} hundredths, got ${sizeHundredths}`);
  }
  return BigInt(sizeHundredths);
}

const ceilDivBig = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
const pow10 = (k: number): bigint => 10n ** BigInt(k);

/**
 * Per-contract taker fee in price units (1/10 000 $), what the detector folds into an ask.
 * exact: the model fee rate × (P(1−P))^e rounded up to 1/10 000 $. terauss: Kalshi rounded up to the cent per
 * contract, Polymarket 0.
 */
export function perContractFeeUnits(s: FeeSchedule, priceUnits: number): number {
  const x = checkPrice(priceUnits);
  const rate = BigInt(s.ratePpm);
  if (s.model === "terauss") {
    return s.venue === "kalshi" ? Number(ceilDivBig(rate * x, pow10(12)) * 100n) : 0;
  }
  // fee$ = rate/1e6 × (x/1e8)^e, in units × 1e4 → rate × x^e / 10^(2 + 8e)
  return Number(ceilDivBig(rate * x ** BigInt(s.exponent), pow10(2 + 8 * s.exponent)));
}

/** Kalshi trade fee for one fill of `countHundredths` at one price, in micros: ceil_6dp(rate × C × P × (1−P)). */
export function kalshiTradeFeeMicros(countHundredths: number, priceUnits: number, ratePpm = KALSHI_DEFAULT_RATE_PPM): number {
  const x = checkPrice(priceUnits);
  const c = checkSize(countHundredths);
  // rate/1e6 × c/100 × x/1e8 dollars × 1e6 = rate × c × x / 1e10 micros
  return Number(ceilDivBig(BigInt(ratePpm) * c * x, pow10(10)));
}

/**
 * What a Kalshi buy of `countHundredths` at `priceUnits` takes from the balance, in micros, when it fills as one
 * order: ceil_to_precision(C × P + trade fee). The venue's per-order accumulator makes several fills of one
 * order converge to this. For whole contracts at whole-cent prices and retail precision it is C × P plus the
 * fee rounded up to the cent.
 */
export function kalshiOrderCostMicros(
  countHundredths: number,
  priceUnits: number,
  ratePpm = KALSHI_DEFAULT_RATE_PPM,
  precisionMicros = KALSHI_PRECISION_RETAIL_MICROS,
): number {
  const notional = checkSize(countHundredths) * BigInt(priceUnits);
  const fee = BigInt(kalshiTradeFeeMicros(countHundredths, priceUnits, ratePpm));
  const prec = BigInt(precisionMicros);
  return Number(ceilDivBig(notional + fee, prec) * prec);
}

/** The fee part of kalshiOrderCostMicros: trade fee plus the rounding fee the balance precision adds. */
export function kalshiOrderFeeMicros(
  countHundredths: number,
  priceUnits: number,
  ratePpm = KALSHI_DEFAULT_RATE_PPM,
  precisionMicros = KALSHI_PRECISION_RETAIL_MICROS,
): number {
  return kalshiOrderCostMicros(countHundredths, priceUnits, ratePpm, precisionMicros) - countHundredths * priceUnits;
}

/**
 * Polymarket taker fee for one fill, in micros (pUSD): shares × rate × (P(1−P))^e, floored to 5 decimals
 * (the venue's fee precision; the smallest fee charged is $0.00001).
 */
export function polymarketOrderFeeMicros(sharesHundredths: number, priceUnits: number, ratePpm: number, exponent: number): number {
  checkSchedule({ venue: "polymarket", model: "exact", ratePpm, exponent: exponent as FeeExponent });
  const x = checkPrice(priceUnits);
  const s = checkSize(sharesHundredths);
  // s/100 × rate/1e6 × x^e/1e(8e) dollars × 1e6 = s × rate × x^e / 10^(2+8e) micros; floor to 10 micros
  return Number((s * BigInt(ratePpm) * x ** BigInt(exponent)) / pow10(3 + 8 * exponent)) * 10;
}

/** Exact per-order taker fee in micros for any schedule (terauss: its per-contract cents × contracts). */
export function orderFeeMicros(s: FeeSchedule, sizeHundredths: number, priceUnits: number): number {
  if (s.model === "terauss") return perContractFeeUnits(s, priceUnits) * sizeHundredths;
  return s.venue === "kalshi"
    ? kalshiOrderFeeMicros(sizeHundredths, priceUnits, s.ratePpm)
    : polymarketOrderFeeMicros(sizeHundredths, priceUnits, s.ratePpm, s.exponent);
}
