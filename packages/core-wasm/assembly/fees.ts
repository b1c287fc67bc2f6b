// Exact fee arithmetic, integer only; the same integers as @arb/domain's fees.ts (BigInt) and ref/ref.rs (u128).
// Rates in ppm; p in 1/10 000 $; x = p × (10 000 − p), so P(1−P) = x / 10^8.
import { ceilDiv64, divPow10, mulWide } from "./wide";
import { NO_ASK, ONE_DOLLAR, TABLE_STRIDE, feeTabOff, scheduleCount, schedMetaOff, reserve, setScheduleCount } from "./layout";

export const VENUE_KALSHI: u32 = 0;
export const VENUE_POLYMARKET: u32 = 1;
export const MODEL_EXACT: u32 = 0;
export const MODEL_TERAUSS: u32 = 1;

/** Per-contract taker fee in price units: the detector's estimate, rounded up to 1/10 000 $. */
export function perContractFeeUnits(venue: u32, model: u32, ratePpm: u32, exponent: u32, p: u32): u32 {
  const x = <u64>p * <u64>(ONE_DOLLAR - p);
  const rate = <u64>ratePpm;
  if (model == MODEL_TERAUSS) {
    return venue == VENUE_KALSHI ? <u32>ceilDiv64(rate * x, 1_000_000_000_000) * 100 : 0;
  }
  if (exponent == 0) return <u32>ceilDiv64(rate, 100);
  if (exponent == 1) return <u32>ceilDiv64(rate * x, 10_000_000_000);
  mulWide(rate * x, x);
  return <u32>divPow10(18, true);
}

/** Kalshi trade fee of one fill, micros: ceil(rate × C × x / 10^10) with C in 1/100 contract. */
export function kalshiTradeFeeMicros(countHundredths: u64, p: u32, ratePpm: u32): u64 {
  mulWide(<u64>ratePpm * (<u64>p * <u64>(ONE_DOLLAR - p)), countHundredths);
  return divPow10(10, true);
}

/** Balance taken by a Kalshi buy filled as one order: ceil_to_precision(C × P + trade fee), micros. */
export function kalshiOrderCostMicros(countHundredths: u64, p: u32, ratePpm: u32, precisionMicros: u32): u64 {
  const notional = countHundredths * <u64>p;
  const fee = kalshiTradeFeeMicros(countHundredths, p, ratePpm);
  const prec = <u64>precisionMicros;
  return ceilDiv64(notional + fee, prec) * prec;
}

/** Polymarket taker fee of one fill, micros: floor_5dp(shares × rate × x^e / 10^(8e)). */
export function polymarketOrderFeeMicros(sharesHundredths: u64, p: u32, ratePpm: u32, exponent: u32): u64 {
  const x = <u64>p * <u64>(ONE_DOLLAR - p);
  const rate = <u64>ratePpm;
  let k: i32;
  if (exponent == 0) {
    mulWide(sharesHundredths, rate);
    k = 3;
  } else if (exponent == 1) {
    mulWide(sharesHundredths, rate * x);
    k = 11;
  } else {
    mulWide(sharesHundredths * x, rate * x);
    k = 19;
  }
  return divPow10(k, false) * 10;
}

/** Registers a fee schedule and fills its per-price table; returns its id, or NO_ASK when the inputs are invalid
 *  or the 65 535 ids a u16 slot can name are taken. */
export function addSchedule(venue: u32, model: u32, ratePpm: u32, exponent: u32): u32 {
  if (scheduleCount >= NO_ASK) return NO_ASK;
  if (venue > VENUE_POLYMARKET || model > MODEL_TERAUSS || ratePpm > 1_000_000 || exponent > 2) return NO_ASK;
  if (venue == VENUE_KALSHI && exponent != 1) return NO_ASK;
  const id = scheduleCount;
  reserve(0, id + 1);
  const meta = schedMetaOff + (<usize>id << 4);
  store<u32>(meta, venue);
  store<u32>(meta, model, 4);
  store<u32>(meta, ratePpm, 8);
  store<u32>(meta, exponent, 12);
  const tab = feeTabOff + <usize>id * <usize>TABLE_STRIDE * 2;
  for (let p: u32 = 0; p <= ONE_DOLLAR; p++) {
    store<u16>(tab + (<usize>p << 1), <u16>perContractFeeUnits(venue, model, ratePpm, exponent, p));
  }
  setScheduleCount(id + 1);
  return id;
}

// @ts-ignore: decorator
@inline export function feeUnitsAt(schedule: u32, p: u32): u32 {
  return <u32>load<u16>(feeTabOff + ((<usize>schedule * <usize>TABLE_STRIDE + <usize>p) << 1));
}
