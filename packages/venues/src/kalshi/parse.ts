import { MICROS_PER_DOLLAR, ONE_DOLLAR_UNITS, intToDecimal } from "@arb/domain";
import type { z } from "zod";
import type { CancelAck, FillReport, OrderAck, OrderIntent, OrderState, Outcome, PositionReport } from "../ports.js";
import type { NoSidePricing } from "./book.js";
import {
  KALSHI_WS_SCHEMAS,
  type KalshiCancelOrderV2Response,
  type KalshiCreateOrderV2Request,
  type KalshiCreateOrderV2Response,
  type KalshiFill,
  type KalshiMarketPosition,
  type KalshiOrder,
  type KalshiWsFill,
  type KalshiWsFrame,
  type KalshiWsMarketPosition,
  type KalshiWsType,
  type KalshiWsUserOrder,
} from "./wire.js";

/** Wire → domain, pure. Every function here takes already-validated wire objects and returns integer domain values. */

export type DecodedFrame = { readonly ok: true; readonly frame: KalshiWsFrame } | { readonly ok: false; readonly reason: string };

/** Validates one JSON-parsed WS frame against the schema for its `type`; the reason names what failed. */
export function decodeFrame(value: unknown): DecodedFrame {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "not_object" };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string") return { ok: false, reason: "no_type" };
  if (!Object.hasOwn(KALSHI_WS_SCHEMAS, type)) return { ok: false, reason: "unknown_type" };
  const r = KALSHI_WS_SCHEMAS[type as KalshiWsType].safeParse(value);
  return r.success ? { ok: true, frame: r.data as KalshiWsFrame } : { ok: false, reason: `schema:${type}` };
}

interface Direction {
  readonly outcome_side?: Outcome | undefined;
  readonly book_side?: "bid" | "ask" | undefined;
  readonly side?: Outcome | undefined;
  readonly action?: "buy" | "sell" | undefined;
  readonly is_yes?: boolean | undefined;
}

/** The outcome a fill or order is long; the wire schemas guarantee one of these fields (order_direction.md). */
export function outcomeOf(d: Direction): Outcome {
  if (d.outcome_side !== undefined) return d.outcome_side;
  if (d.book_side !== undefined) return d.book_side === "bid" ? "yes" : "no";
  if (d.side !== undefined) {
    if (d.action === "sell") return d.side === "yes" ? "no" : "yes";
    return d.side;
  }
  return d.is_yes === false ? "no" : "yes";
}

const sum = (a: number | null | undefined, b: number | null | undefined): number | undefined => (a == null && b == null ? undefined : (a ?? 0) + (b ?? 0));

function withOptional<T extends object>(base: NoInfer<T>, extra: Record<string, number | string | undefined>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

type OrderLike = z.infer<typeof KalshiOrder> | z.infer<typeof KalshiWsUserOrder>["msg"];

export function orderStateFrom(o: OrderLike): OrderState {
  const market = "ticker" in o ? o.ticker : "";
  return withOptional<OrderState>(
    {
      orderId: o.order_id,
      clientOrderId: o.client_order_id,
      market,
      outcome: outcomeOf(o),
      status: o.status,
      yesPriceUnits: o.yes_price_dollars,
      initialHundredths: o.initial_count_fp,
      filledHundredths: o.fill_count_fp,
      remainingHundredths: o.remaining_count_fp,
    },
    {
      feesMicros: sum(o.taker_fees_dollars, o.maker_fees_dollars),
      fillCostMicros: sum(o.taker_fill_cost_dollars, o.maker_fill_cost_dollars),
    },
  );
}

export function fillFromWs(f: z.infer<typeof KalshiWsFill>["msg"]): FillReport {
  return withOptional<FillReport>(
    {
      fillId: f.trade_id,
      orderId: f.order_id,
      market: f.market_ticker,
      outcome: outcomeOf(f),
      yesPriceUnits: f.yes_price_dollars,
      sizeHundredths: f.count_fp,
      isTaker: f.is_taker,
    },
    { tradeId: f.trade_id, clientOrderId: f.client_order_id, feeMicros: f.fee_cost, tsMs: f.ts_ms },
  );
}

export function fillFromRest(f: z.infer<typeof KalshiFill>): FillReport {
  return withOptional<FillReport>(
    {
      fillId: f.fill_id ?? f.trade_id ?? "",
      orderId: f.order_id,
      market: f.ticker ?? f.market_ticker ?? "",
      outcome: outcomeOf(f),
      yesPriceUnits: f.yes_price_dollars,
      sizeHundredths: f.count_fp,
      isTaker: f.is_taker,
    },
    { tradeId: f.trade_id, feeMicros: f.fee_cost, tsMs: f.ts === undefined ? undefined : f.ts * 1000 },
  );
}

export function positionFrom(p: z.infer<typeof KalshiMarketPosition> | z.infer<typeof KalshiWsMarketPosition>["msg"]): PositionReport {
  return {
    market: "ticker" in p ? p.ticker : p.market_ticker,
    positionHundredths: p.position_fp,
    feesPaidMicros: p.fees_paid_dollars,
    realizedPnlMicros: p.realized_pnl_dollars,
  };
}

/** [[price, size], …] → flat [price, size, …] for the book. */
export function flatLevels(levels: ReadonlyArray<readonly [number, number]> | null | undefined): number[] {
  const out: number[] = [];
  for (const [p, s] of levels ?? []) out.push(p, s);
  return out;
}

/** A NO-side level's price as the NO bid's own price: as sent in no-leg pricing, $1 − it in yes-leg pricing. */
export function noBidUnits(priceUnits: number, pricing: NoSidePricing): number {
  return pricing === "yes_leg" ? ONE_DOLLAR_UNITS - priceUnits : priceUnits;
}

/** The NO side of an orderbook_snapshot as flat [NO bid price, size, …] in the subscription's pricing. */
export function flatNoBids(levels: ReadonlyArray<readonly [number, number]>, pricing: NoSidePricing): number[] {
  const out: number[] = [];
  for (const [p, s] of levels) out.push(noBidUnits(p, pricing), s);
  return out;
}

export interface OrderBodyOptions {
  readonly selfTradePrevention?: "taker_at_cross" | "maker";
  readonly subaccount?: number;
}

/**
 * Maps "buy/sell YES/NO at a price" to Create Order V2, which quotes everything from the YES side:
 * buy YES at p → bid p; sell YES at p → ask p; buy NO at q → ask 1 − q; sell NO at q → bid 1 − q.
 */
export function createOrderBody(intent: OrderIntent, options: OrderBodyOptions = {}): KalshiCreateOrderV2Request {
  const p = intent.priceUnits;
  if (!Number.isInteger(p) || p < 1 || p > ONE_DOLLAR_UNITS - 1) throw new RangeError(`order price must be 1..9999 units, got ${p}`);
  if (!Number.isInteger(intent.sizeHundredths) || intent.sizeHundredths < 1) {
    throw new RangeError(`order size must be a positive integer in hundredths, got ${intent.sizeHundredths}`);
  }
  const longYes = (intent.outcome === "yes") === (intent.action === "buy");
  const yesPrice = intent.outcome === "yes" ? p : ONE_DOLLAR_UNITS - p;
  const body: KalshiCreateOrderV2Request = {
    ticker: intent.market,
    client_order_id: intent.clientOrderId,
    side: longYes ? "bid" : "ask",
    count: intToDecimal(intent.sizeHundredths, 2),
    price: intToDecimal(yesPrice, 4),
    time_in_force: intent.timeInForce,
    self_trade_prevention_type: options.selfTradePrevention ?? "taker_at_cross",
  };
  return options.subaccount === undefined ? body : { ...body, subaccount: options.subaccount };
}

/** Create Order V2 response → ack; the YES-side average price is turned into the intent outcome's price. */
export function orderAckFrom(r: z.infer<typeof KalshiCreateOrderV2Response>, intent: OrderIntent): OrderAck {
  const avg = r.average_fill_price;
  return withOptional<OrderAck>(
    {
      orderId: r.order_id,
      clientOrderId: r.client_order_id ?? intent.clientOrderId,
      filledHundredths: r.fill_count,
      remainingHundredths: r.remaining_count,
      tsMs: r.ts_ms,
    },
    {
      avgPriceMicros: avg === undefined ? undefined : intent.outcome === "yes" ? avg : MICROS_PER_DOLLAR - avg,
      avgFeeMicros: r.average_fee_paid,
    },
  );
}

export function cancelAckFrom(r: z.infer<typeof KalshiCancelOrderV2Response>): CancelAck {
  return withOptional<CancelAck>({ orderId: r.order_id, reducedByHundredths: r.reduced_by, tsMs: r.ts_ms }, { clientOrderId: r.client_order_id });
}
