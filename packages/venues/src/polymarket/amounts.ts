/**
 * V2 order amounts (venues.md §2.4 "Amount math"; clob-client-v2 getOrderRawAmounts / getMarketOrderRawAmounts),
 * in integers. The SDK computes in floats and uses "round up to amount+4 decimals, then down to amount" to wash out
 * float noise; here the same rule runs on exact integers, so it means: a quotient within 10^-(amount+4) below an
 * amount-decimal value rounds up to it, anything else rounds down.
 *
 * Units: prices 1/10 000 $, sizes 1/100 share, amounts in 6-decimal base units (pUSD and shares alike), as bigint
 * because they go straight into uint256 fields.
 */

export type TickSize = "0.1" | "0.01" | "0.005" | "0.0025" | "0.001" | "0.0001";
export type OrderSide = "BUY" | "SELL";

export interface RoundConfig {
  /** Decimals of the price. */
  readonly priceDp: number;
  /** Decimals of the share size (and of a market BUY's pUSD amount). */
  readonly sizeDp: number;
  /** Decimals of the computed amount. */
  readonly amountDp: number;
  /** The tick in price units. */
  readonly tickUnits: number;
}

export const ROUNDING: Readonly<Record<TickSize, RoundConfig>> = {
  "0.1": { priceDp: 1, sizeDp: 2, amountDp: 3, tickUnits: 1000 },
  "0.01": { priceDp: 2, sizeDp: 2, amountDp: 4, tickUnits: 100 },
  "0.005": { priceDp: 3, sizeDp: 2, amountDp: 5, tickUnits: 50 },
  "0.0025": { priceDp: 4, sizeDp: 2, amountDp: 6, tickUnits: 25 },
  "0.001": { priceDp: 3, sizeDp: 2, amountDp: 5, tickUnits: 10 },
  "0.0001": { priceDp: 4, sizeDp: 2, amountDp: 6, tickUnits: 1 },
};

export const TICK_SIZES = Object.keys(ROUNDING) as readonly TickSize[];

/** The tick size whose price units are `units` (100 → "0.01"), or undefined for a tick the SDK does not know. */
export function tickSizeOfUnits(units: number): TickSize | undefined {
  for (const t of TICK_SIZES) if (ROUNDING[t].tickUnits === units) return t;
  return undefined;
}

export interface OrderAmounts {
  readonly side: OrderSide;
  /** What the maker gives: pUSD for a BUY, shares for a SELL (base units, 1e-6). */
  readonly makerAmount: bigint;
  /** What the maker receives: shares for a BUY, pUSD for a SELL (base units, 1e-6). */
  readonly takerAmount: bigint;
}

export type AmountsError = "PRICE_OFF_TICK" | "PRICE_OUT_OF_RANGE" | "SIZE_NOT_POSITIVE" | "AMOUNT_ZERO";
export type AmountsResult = { readonly ok: true; readonly amounts: OrderAmounts } | { readonly ok: false; readonly error: AmountsError };

/** Base units per hundredth of a share (or per cent of pUSD). */
const BASE_PER_HUNDREDTH = 10_000n;

/**
 * The SDK rounds prices to the tick's decimals and only checks tick ≤ p ≤ 1 − tick; the CLOB then rejects prices off
 * the tick. An arb leg's limit is money, so an off-tick price is refused here instead of being moved.
 */
function checkPrice(priceUnits: number, cfg: RoundConfig): AmountsError | undefined {
  if (!Number.isInteger(priceUnits) || priceUnits % cfg.tickUnits !== 0) return "PRICE_OFF_TICK";
  if (priceUnits < cfg.tickUnits || priceUnits > 10_000 - cfg.tickUnits) return "PRICE_OUT_OF_RANGE";
  return undefined;
}

function checkSize(hundredths: number): AmountsError | undefined {
  return Number.isSafeInteger(hundredths) && hundredths > 0 ? undefined : "SIZE_NOT_POSITIVE";
}

/**
 * Limit (GTC/GTD) order: `sizeHundredths` shares at `priceUnits`. Shares have 2 decimals and the price at most
 * amountDp − 2, so shares × price always fits in amountDp decimals and needs no rounding: it is exactly
 * hundredths × units base units.
 */
export function computeLimitAmounts(side: OrderSide, sizeHundredths: number, priceUnits: number, tick: TickSize): AmountsResult {
  const cfg = ROUNDING[tick];
  const bad = checkPrice(priceUnits, cfg) ?? checkSize(sizeHundredths);
  if (bad !== undefined) return { ok: false, error: bad };
  const shares = BigInt(sizeHundredths) * BASE_PER_HUNDREDTH;
  const notional = BigInt(sizeHundredths) * BigInt(priceUnits);
  return side === "BUY"
    ? { ok: true, amounts: { side, makerAmount: notional, takerAmount: shares } }
    : { ok: true, amounts: { side, makerAmount: shares, takerAmount: notional } };
}

/**
 * Market (FOK/FAK) BUY spending `amountCents` pUSD at worst price `priceUnits`: maker = the pUSD (2 decimals),
 * taker = maker / price under the SDK's rounding, so the implied price maker/taker is never below the limit.
 */
export function computeMarketBuyAmounts(amountCents: number, priceUnits: number, tick: TickSize): AmountsResult {
  const cfg = ROUNDING[tick];
  const bad = checkPrice(priceUnits, cfg) ?? checkSize(amountCents);
  if (bad !== undefined) return { ok: false, error: bad };
  const a = BigInt(cfg.amountDp);
  // shares = (cents / 100) / (units / 10^4) = cents × 100 / units; scaled to 10^-(a+4) and rounded up
  const num = BigInt(amountCents) * 100n * 10n ** (a + 4n);
  const den = BigInt(priceUnits);
  const fine = (num + den - 1n) / den;
  const coarse = fine / 10_000n; // floor to amountDp decimals; exact when `fine` already sits on one
  const takerAmount = coarse * 10n ** (6n - a);
  if (takerAmount === 0n) return { ok: false, error: "AMOUNT_ZERO" };
  return { ok: true, amounts: { side: "BUY", makerAmount: BigInt(amountCents) * BASE_PER_HUNDREDTH, takerAmount } };
}

/** Market (FOK/FAK) SELL of `sizeHundredths` shares at worst price `priceUnits`: the limit SELL amounts. */
export function computeMarketSellAmounts(sizeHundredths: number, priceUnits: number, tick: TickSize): AmountsResult {
  return computeLimitAmounts("SELL", sizeHundredths, priceUnits, tick);
}

/**
 * The pUSD to spend, in cents, to buy about `sizeHundredths` shares at `priceUnits` with a market BUY:
 * size × price rounded down to the cent (a market BUY's amount has 2 decimals), so the order never buys more
 * shares than asked.
 */
export function centsForShares(sizeHundredths: number, priceUnits: number): number {
  return Math.floor((sizeHundredths * priceUnits) / 10_000);
}

/** Shares received by a BUY whose taker amount is `takerAmount` base units, in hundredths (floored). */
export function baseUnitsToHundredths(base: bigint): number {
  return Number(base / BASE_PER_HUNDREDTH);
}
