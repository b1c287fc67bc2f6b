import { z } from "zod";

/**
 * Zod mirrors of the Kalshi WS fixtures (packages/venue-fixtures/kalshi/ws/ and ws-legacy-2026-01/): every field
 * the venue's example carries is required, extra fields are allowed (the venue adds fields over time).
 */
const dollars = z.string().regex(/^\d+\.\d{3,6}$/);
const fp = z.string().regex(/^-?\d+\.\d{2}$/);
const side = z.enum(["yes", "no"]);
const level = z.tuple([dollars, fp]);
const data = <T extends string, M extends z.ZodType>(type: T, msg: M, withSeq: boolean) =>
  z.object({ type: z.literal(type), sid: z.number().int().positive(), ...(withSeq ? { seq: z.number().int().positive() } : {}), msg });

const OrderbookSnapshot = data(
  "orderbook_snapshot",
  z.object({ market_ticker: z.string(), market_id: z.string(), yes_dollars_fp: z.array(level).optional(), no_dollars_fp: z.array(level).optional() }),
  true,
);
const OrderbookDelta = data(
  "orderbook_delta",
  z.object({
    market_ticker: z.string(),
    market_id: z.string(),
    price_dollars: dollars,
    delta_fp: fp,
    side,
    client_order_id: z.string().optional(),
    ts: z.string(),
    ts_ms: z.number().int(),
  }),
  true,
);
const Ticker = data(
  "ticker",
  z.object({
    market_ticker: z.string(),
    market_id: z.string(),
    price_dollars: dollars,
    yes_bid_dollars: dollars,
    yes_ask_dollars: dollars,
    volume_fp: fp,
    open_interest_fp: fp,
    dollar_volume: z.number().int(),
    dollar_open_interest: z.number().int(),
    yes_bid_size_fp: fp,
    yes_ask_size_fp: fp,
    last_trade_size_fp: fp,
    ts: z.number().int(),
    ts_ms: z.number().int(),
    time: z.string(),
  }),
  false,
);
const Trade = data(
  "trade",
  z.object({
    trade_id: z.string(),
    market_ticker: z.string(),
    yes_price_dollars: dollars,
    no_price_dollars: dollars,
    count_fp: fp,
    taker_side: side,
    is_block_trade: z.boolean(),
    ts: z.number().int(),
    ts_ms: z.number().int(),
  }),
  false,
);
const Fill = data(
  "fill",
  z.object({
    trade_id: z.string(),
    order_id: z.string(),
    market_ticker: z.string(),
    exchange_index: z.number().int(),
    is_taker: z.boolean(),
    side,
    yes_price_dollars: dollars,
    count_fp: fp,
    action: z.enum(["buy", "sell"]),
    ts: z.number().int(),
    ts_ms: z.number().int(),
    post_position_fp: fp,
    purchased_side: side,
    subaccount: z.number().int(),
  }),
  false,
);
const UserOrder = data(
  "user_order",
  z.object({
    order_id: z.string(),
    user_id: z.string(),
    ticker: z.string(),
    status: z.enum(["resting", "canceled", "executed"]),
    side,
    is_yes: z.boolean(),
    yes_price_dollars: dollars,
    fill_count_fp: fp,
    remaining_count_fp: fp,
    initial_count_fp: fp,
    taker_fill_cost_dollars: dollars,
    maker_fill_cost_dollars: dollars,
    client_order_id: z.string(),
    order_group_id: z.string().optional(),
    self_trade_prevention_type: z.string(),
    created_time: z.string(),
    created_ts_ms: z.number().int(),
    expiration_time: z.string().optional(),
    expiration_ts_ms: z.number().int().optional(),
    subaccount_number: z.number().int(),
  }),
  false,
);
const MarketPosition = data(
  "market_position",
  z.object({
    user_id: z.string(),
    market_ticker: z.string(),
    position_fp: fp,
    position_cost_dollars: dollars,
    realized_pnl_dollars: dollars,
    fees_paid_dollars: dollars,
    position_fee_cost_dollars: dollars,
    volume_fp: fp,
  }),
  false,
);
/** market_lifecycle_v2's event_fee_update (asyncapi eventFeeUpdatePayload): both override fields null once cleared. */
const EventFeeUpdate = data(
  "event_fee_update",
  z.object({
    event_ticker: z.string(),
    fee_type_override: z.enum(["quadratic", "quadratic_with_maker_fees", "quadratic_with_combo_maker_fees", "flat"]).nullable(),
    fee_multiplier_override: z.number().nullable(),
  }),
  false,
);
const Subscribed = z.object({ id: z.number().int(), type: z.literal("subscribed"), msg: z.object({ channel: z.string(), sid: z.number().int() }) });
const Unsubscribed = z.object({ id: z.number().int(), sid: z.number().int(), seq: z.number().int(), type: z.literal("unsubscribed") });
const Ok = z.object({
  id: z.number().int(),
  type: z.literal("ok"),
  sid: z.number().int().optional(),
  seq: z.number().int().optional(),
  msg: z.union([z.object({ market_tickers: z.array(z.string()) }), z.array(z.object({ channel: z.string(), sid: z.number().int() }))]),
});
const ErrorResponse = z.object({
  id: z.number().int().optional(),
  type: z.literal("error"),
  msg: z.object({ code: z.number().int(), msg: z.string() }),
});

export const KalshiWsFrame = z.union([
  OrderbookSnapshot,
  OrderbookDelta,
  Ticker,
  Trade,
  Fill,
  UserOrder,
  MarketPosition,
  EventFeeUpdate,
  Subscribed,
  Unsubscribed,
  Ok,
  ErrorResponse,
]);

/** Legacy (pre-2026) integer-cent shapes, fixtures ws-legacy-2026-01/. */
const cents = z.number().int().min(0).max(100);
const legacyDollars = z.string().regex(/^\d\.\d{3}$/);
const LegacySnapshot = data(
  "orderbook_snapshot",
  z.object({
    market_ticker: z.string(),
    yes: z.array(z.tuple([cents, z.number().int()])).optional(),
    yes_dollars: z.array(z.tuple([legacyDollars, z.number().int()])).optional(),
    no: z.array(z.tuple([cents, z.number().int()])).optional(),
    no_dollars: z.array(z.tuple([legacyDollars, z.number().int()])).optional(),
  }),
  true,
);
const LegacyDelta = data(
  "orderbook_delta",
  z.object({ market_ticker: z.string(), price: cents, price_dollars: legacyDollars, delta: z.number().int(), side }),
  true,
);
const LegacyTicker = data(
  "ticker",
  z.object({
    market_ticker: z.string(),
    price: cents,
    yes_bid: cents,
    yes_ask: cents,
    price_dollars: legacyDollars,
    yes_bid_dollars: legacyDollars,
    no_bid_dollars: legacyDollars,
    volume: z.number().int(),
    open_interest: z.number().int(),
    dollar_volume: z.number().int(),
    dollar_open_interest: z.number().int(),
    ts: z.number().int(),
  }),
  false,
);
const LegacyTrade = data(
  "trade",
  z.object({
    market_ticker: z.string(),
    yes_price: cents,
    yes_price_dollars: legacyDollars,
    no_price: cents,
    no_price_dollars: legacyDollars,
    count: z.number().int(),
    taker_side: side,
    ts: z.number().int(),
  }),
  false,
);
const LegacyFill = data(
  "fill",
  z.object({
    trade_id: z.string(),
    order_id: z.string(),
    market_ticker: z.string(),
    is_taker: z.boolean(),
    side,
    yes_price: cents,
    yes_price_dollars: legacyDollars,
    count: z.number().int(),
    action: z.enum(["buy", "sell"]),
    ts: z.number().int(),
    post_position: z.number().int(),
  }),
  false,
);
export const LegacyWsFrame = z.union([LegacySnapshot, LegacyDelta, LegacyTicker, LegacyTrade, LegacyFill, Subscribed, Unsubscribed, Ok, ErrorResponse]);
