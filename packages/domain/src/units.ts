/**
 * Integer money and quantity units used everywhere in the project.
 * Prices: 1/10 000 $ ("units"). Sizes: 1/100 contract or share ("hundredths").
 * Money (fees, costs, balances, P&L): 1e-6 $ ("micros", pUSD's own precision).
 * A price in units times a size in hundredths is exactly micros: (p/1e4 $) × (s/100) = p×s / 1e6 $.
 */
export const PRICE_SCALE = 10_000;
export const SIZE_SCALE = 100;
export const MICROS_PER_DOLLAR = 1_000_000;
/**
 * One dollar, the payout of a winning contract, in price units.
 * @alias PRICE_SCALE under the name that says what the number means where it is used
 */
export const ONE_DOLLAR_UNITS = PRICE_SCALE;

/**
 * Parses a decimal string ("0.4200", ".48", "10.00", "-50.00", "7") into an integer scaled by 10^decimals.
 * Returns undefined for anything that is not a plain decimal or that has non-zero digits beyond `decimals`
 * (rounding a venue's number silently would change money).
 */
export function decimalToInt(text: string, decimals: number): number | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null) return undefined;
  const sign = m[1] === "-" ? -1 : 1;
  const whole = m[2] ?? "";
  let frac = m[3] ?? "";
  if (whole.length === 0 && frac.length === 0) return undefined;
  if (frac.length > decimals) {
    if (!/^0*$/.test(frac.slice(decimals))) return undefined;
    frac = frac.slice(0, decimals);
  }
  const digits = (whole.length === 0 ? "0" : whole) + frac.padEnd(decimals, "0");
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) return undefined;
  return n === 0 ? 0 : sign * n;
}

/** Formats an integer scaled by 10^decimals as a fixed decimal string: (4200, 4) → "0.4200". */
export function intToDecimal(value: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const neg = value < 0;
  const digits = Math.abs(value)
    .toString()
    .padStart(decimals + 1, "0");
  const cut = digits.length - decimals;
  const text = decimals === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return neg ? `-${text}` : text;
}

/** Ceiling division for non-negative safe integers, exact (no float rounding). */
export function ceilDiv(n: number, d: number): number {
  const r = n % d;
  return (n - r) / d + (r > 0 ? 1 : 0);
}
