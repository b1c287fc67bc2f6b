import {
  type FeeSchedule,
  type VenueId,
  kalshiTradeFeeMicros,
  perContractFeeUnits,
  polymarketOrderFeeMicros,
  polymarketSchedule,
  kalshiSchedule,
} from "@arb/domain";
import { VENUE_MECHANICS } from "./venue-rules.js";

/**
 * The sizing walk's fee arithmetic in doubles instead of @arb/domain's BigInt, giving the same integers
 * (fee-tables.test.ts checks them against @arb/domain): per-contract fees are looked up per price from a table
 * filled once from @arb/domain; a fill's fee is rate × price term × size split so every product stays a safe
 * integer, and falls back to @arb/domain where it would not.
 */
export interface FeeTable {
  /** `perContractFeeUnits` of the venue's exact schedule at this price. */
  perContractUnits(priceUnits: number): number;
  /** Kalshi: the trade fee of one fill. Polymarket: the taker fee of one fill. */
  fillFeeMicros(sizeHundredths: number, priceUnits: number): number;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const PRICE_SCALE = 10_000;

/** ⌈n / d⌉ or ⌊n / d⌋ of safe non-negative integers, exactly (`%` of doubles holding integers is exact). */
function divExact(n: number, d: number, up: boolean): number {
  const r = n % d;
  return (n - r) / d + (up && r > 0 ? 1 : 0);
}

/** ⌈k × c / d⌉ or ⌊…⌋ through k = kh × d + kl, so k × c never has to be formed; undefined when a part is unsafe. */
function mulDiv(k: number, c: number, d: number, up: boolean): number | undefined {
  const kl = k % d;
  const kh = (k - kl) / d;
  if (kl * c > SAFE || kh * c > SAFE) return undefined;
  return kh * c + divExact(kl * c, d, up);
}

const tables = new Map<string, FeeTable>();
/** A run has a handful of fee schedules; the bound only keeps a caller cycling through rates from growing the cache. */
const MAX_TABLES = 64;

export function feeTableOf(venue: VenueId, ratePpm: number, exponent: number): FeeTable {
  const key = `${venue}:${ratePpm}:${exponent}`;
  const known = tables.get(key);
  if (known !== undefined) return known;
  const kalshi = VENUE_MECHANICS[venue].fee === "kalshi-trade";
  const schedule: FeeSchedule = kalshi ? kalshiSchedule(ratePpm) : polymarketSchedule(ratePpm, exponent);
  const perContract = new Float64Array(PRICE_SCALE + 1).fill(-1);
  const table: FeeTable = {
    perContractUnits(p) {
      const v = perContract[p];
      if (v !== undefined && v >= 0) return v;
      const fee = perContractFeeUnits(schedule, p);
      perContract[p] = fee;
      return fee;
    },
    fillFeeMicros: kalshi
      ? // rate × c × x / 1e10, rounded up to the micro
        (c, p) => mulDiv(ratePpm * p * (PRICE_SCALE - p), c, 1e10, true) ?? kalshiTradeFeeMicros(c, p, ratePpm)
      : exponent <= 1
        ? // c × rate × x^e / 10^(3 + 8e), floored to 10 micros
          (c, p) => {
            const k = exponent === 0 ? ratePpm : ratePpm * p * (PRICE_SCALE - p);
            const f = mulDiv(k, c, exponent === 0 ? 1e3 : 1e11, false);
            return f === undefined ? polymarketOrderFeeMicros(c, p, ratePpm, exponent) : f * 10;
          }
        : (c, p) => polymarketOrderFeeMicros(c, p, ratePpm, exponent),
  };
  if (tables.size >= MAX_TABLES) tables.clear();
  tables.set(key, table);
  return table;
}
