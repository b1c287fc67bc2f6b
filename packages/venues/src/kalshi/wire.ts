import { z } from "zod";
import { zFixed } from "../zod-fixed.js";

/**
 * Kalshi's current wire shapes (fixed-point `*_dollars` / `*_fp` strings; venues.md §1.3–1.4, asyncapi.yaml,
 * OpenAPI pages in shared/fixtures). Strict on the fields the client uses, lenient on the rest: the venue's own
 * examples omit fields their schema marks required, and unknown keys are ignored.
 */

export const zSid = z.number().int().min(1);
export const zSeq = z.number().int().min(1);
const zCommandId = z.number().int().min(0);
const zTicker = z.string().min(1);
const zOutcomeSide = z.enum(["yes", "no"]);
const zBookSide = z.enum(["bid", "ask"]);
/** A tradable price: $0.0001 .. $0.9999 in units of 1/10 000 $. */
export const zPriceUnits = zFixed(4).refine((p) => p >= 1 && p <= 9_999, "price outside 0.0001..0.9999");
/** Signed contract count in 1/100 contract. */
export const zCount = zFixed(2);
const zCountNonNegative = zFixed(2).refine((n) => n >= 0, "negative count");
/** Money strings ("responses emit up to 6" decimals) in micros. */
const zMicros = zFixed(6);

// ---- WebSocket: commands (client → server) ----

export const KalshiWsSubscribeCmd = z.object({
  id: zCommandId,
  cmd: z.literal("subscribe"),
  params: z.object({
    channels: z.array(z.string().min(1)).min(1),
    market_ticker: zTicker.optional(),
    market_tickers: z.array(zTicker).min(1).optional(),
    use_yes_price: z.boolean().optional(),
  }),
});
export const KalshiWsUnsubscribeCmd = z.object({
  id: zCommandId,
  cmd: z.literal("unsubscribe"),
  params: z.object({ sids: z.array(zSid).min(1) }),
});
export const KalshiWsUpdateSubscriptionCmd = z.object({
  id: zCommandId,
  cmd: z.literal("update_subscription"),
  params: z.object({
    sid: zSid.optional(),
    sids: z.array(zSid).length(1).optional(),
    market_tickers: z.array(zTicker).optional(),
    action: z.enum(["add_markets", "delete_markets", "get_snapshot"]),
  }),
});
export const KalshiWsCommand = z.discriminatedUnion("cmd", [KalshiWsSubscribeCmd, KalshiWsUnsubscribeCmd, KalshiWsUpdateSubscriptionCmd]);
export type KalshiWsCommand = z.infer<typeof KalshiWsCommand>;

// ---- WebSocket: responses ----

export const KalshiWsSubscribed = z.object({
  type: z.literal("subscribed"),
  id: zCommandId.optional(),
  msg: z.object({ channel: z.string(), sid: zSid }),
});
export const KalshiWsUnsubscribed = z.object({
  type: z.literal("unsubscribed"),
  id: zCommandId.optional(),
  sid: zSid.optional(),
});
export const KalshiWsOk = z.object({
  type: z.literal("ok"),
  id: zCommandId.optional(),
  sid: zSid.optional(),
});
/** Error codes 1..28 (venues.md §1.3); 10, 17 and 25 are terminal for the subscription. */
export const KalshiWsError = z.object({
  type: z.literal("error"),
  id: zCommandId.optional(),
  msg: z.object({ code: z.number().int(), msg: z.string(), market_ticker: z.string().optional() }),
});

// ---- WebSocket: data ----

const zLevel = z.tuple([zPriceUnits, zCountNonNegative]);

export const KalshiWsSnapshot = z.object({
  type: z.literal("orderbook_snapshot"),
  sid: zSid,
  seq: zSeq,
  msg: z
    .object({
      market_ticker: zTicker,
      /** Ascending by price: the best bid is the last level. A missing side is an empty side. */
      yes_dollars_fp: z.array(zLevel).default([]),
      no_dollars_fp: z.array(zLevel).default([]),
      // The pre-2026 integer shapes, only so a legacy snapshot is refused instead of read as an empty book.
      yes: z.unknown().optional(),
      no: z.unknown().optional(),
      yes_dollars: z.unknown().optional(),
      no_dollars: z.unknown().optional(),
    })
    .refine(
      (m) => [m.yes, m.no, m.yes_dollars, m.no_dollars].every((legacy) => legacy === undefined),
      "legacy integer book shape (yes/no/yes_dollars/no_dollars); only *_dollars_fp is read",
    ),
});

/** The hot frame; `fast-delta.ts` is its hand-written twin and this schema is the oracle in its property tests. */
export const KalshiWsDelta = z.object({
  type: z.literal("orderbook_delta"),
  sid: zSid,
  seq: zSeq,
  msg: z.object({
    market_ticker: zTicker,
    side: zOutcomeSide,
    price_dollars: zPriceUnits,
    delta_fp: zCount,
  }),
});
export type KalshiWsDelta = z.infer<typeof KalshiWsDelta>;

export const KalshiWsTicker = z.object({
  type: z.literal("ticker"),
  sid: zSid,
  msg: z.object({ market_ticker: zTicker }),
});

export const KalshiWsTrade = z.object({
  type: z.literal("trade"),
  sid: zSid,
  msg: z.object({ trade_id: z.string(), market_ticker: zTicker }),
});

/** Direction: `outcome_side` / `book_side` when present, else the deprecated (action, side) pair (order_direction.md). */
const zDirection = {
  outcome_side: zOutcomeSide.optional(),
  book_side: zBookSide.optional(),
  side: zOutcomeSide.optional(),
  action: z.enum(["buy", "sell"]).optional(),
  is_yes: z.boolean().optional(),
};
type Direction = {
  outcome_side?: "yes" | "no" | undefined;
  book_side?: "bid" | "ask" | undefined;
  side?: "yes" | "no" | undefined;
  is_yes?: boolean | undefined;
};
const hasDirection = (d: Direction): boolean => d.outcome_side !== undefined || d.book_side !== undefined || d.side !== undefined || d.is_yes !== undefined;
const NO_DIRECTION = "no outcome_side, book_side, side or is_yes";

export const KalshiWsFill = z.object({
  type: z.literal("fill"),
  sid: zSid,
  msg: z
    .object({
      trade_id: z.string().min(1),
      order_id: z.string().min(1),
      market_ticker: zTicker,
      is_taker: z.boolean(),
      yes_price_dollars: zPriceUnits,
      // A fill of nothing is no fill: booked, it would make the real fill of its trade id a duplicate (dropped, counted).
      count_fp: zCountNonNegative.refine((n) => n > 0, "zero count"),
      fee_cost: zMicros.optional(),
      client_order_id: z.string().optional(),
      ts_ms: z.number().int().optional(),
      ...zDirection,
    })
    .refine(hasDirection, NO_DIRECTION),
});

export const KalshiWsUserOrder = z.object({
  type: z.literal("user_order"),
  sid: zSid,
  msg: z
    .object({
      order_id: z.string().min(1),
      ticker: zTicker,
      status: z.enum(["resting", "canceled", "executed"]),
      yes_price_dollars: zPriceUnits,
      fill_count_fp: zCountNonNegative,
      remaining_count_fp: zCountNonNegative,
      initial_count_fp: zCountNonNegative,
      client_order_id: z.string().default(""),
      taker_fees_dollars: zMicros.optional(),
      maker_fees_dollars: zMicros.optional(),
      taker_fill_cost_dollars: zMicros.optional(),
      maker_fill_cost_dollars: zMicros.optional(),
      ...zDirection,
    })
    .refine(hasDirection, NO_DIRECTION),
});

export const KalshiWsMarketPosition = z.object({
  type: z.literal("market_position"),
  sid: zSid,
  msg: z.object({
    market_ticker: zTicker,
    position_fp: zCount,
    realized_pnl_dollars: zMicros,
    fees_paid_dollars: zMicros,
  }),
});

/**
 * An event-level fee override set or cleared (both fields null), on the market_lifecycle_v2 channel (asyncapi
 * eventFeeUpdatePayload). The fee type stays a string: a type added later must reach the fee mapping and be refused
 * there (fail closed), not be dropped here as malformed.
 */
export const KalshiWsEventFeeUpdate = z.object({
  type: z.literal("event_fee_update"),
  sid: zSid.optional(),
  msg: z.object({
    event_ticker: z.string().min(1),
    fee_type_override: z.string().nullable(),
    fee_multiplier_override: z.number().nullable(),
  }),
});

/** Channels the client recognises but takes nothing from (so they are not counted as malformed). */
export const KalshiWsInformational = z.object({
  type: z.enum(["market_lifecycle_v2", "event_lifecycle", "order_group_updates"]),
  sid: zSid.optional(),
  msg: z.record(z.string(), z.unknown()),
});

/** Frame types by `type`, for dispatch with a precise "schema:<type>" reason on failure. */
export const KALSHI_WS_SCHEMAS = {
  orderbook_delta: KalshiWsDelta,
  orderbook_snapshot: KalshiWsSnapshot,
  subscribed: KalshiWsSubscribed,
  unsubscribed: KalshiWsUnsubscribed,
  ok: KalshiWsOk,
  error: KalshiWsError,
  ticker: KalshiWsTicker,
  trade: KalshiWsTrade,
  fill: KalshiWsFill,
  user_order: KalshiWsUserOrder,
  market_position: KalshiWsMarketPosition,
  market_lifecycle_v2: KalshiWsInformational,
  event_lifecycle: KalshiWsInformational,
  event_fee_update: KalshiWsEventFeeUpdate,
  order_group_updates: KalshiWsInformational,
} as const;
export type KalshiWsType = keyof typeof KALSHI_WS_SCHEMAS;
export type KalshiWsFrame = { [K in KalshiWsType]: z.infer<(typeof KALSHI_WS_SCHEMAS)[K]> }[KalshiWsType];

// ---- REST ----

/** Create Order V2 body (POST /portfolio/events/orders). Everything is quoted from the YES side. */
export const KalshiCreateOrderV2Request = z.object({
  ticker: zTicker,
  client_order_id: z.string().min(1),
  side: zBookSide,
  count: z.string(),
  price: z.string(),
  time_in_force: z.enum(["fill_or_kill", "good_till_canceled", "immediate_or_cancel"]),
  self_trade_prevention_type: z.enum(["taker_at_cross", "maker"]),
  post_only: z.boolean().optional(),
  reduce_only: z.boolean().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  subaccount: z.number().int().min(0).optional(),
  exchange_index: z.number().int().optional(),
});
export type KalshiCreateOrderV2Request = z.infer<typeof KalshiCreateOrderV2Request>;

export const KalshiCreateOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  fill_count: zCountNonNegative,
  remaining_count: zCountNonNegative,
  average_fill_price: zMicros.optional(),
  average_fee_paid: zMicros.optional(),
  ts_ms: z.number().int(),
});

export const KalshiCancelOrderV2Response = z.object({
  order_id: z.string().min(1),
  client_order_id: z.string().optional(),
  reduced_by: zCountNonNegative,
  ts_ms: z.number().int(),
});

export const KalshiOrder = z
  .object({
    order_id: z.string().min(1),
    client_order_id: z.string().default(""),
    ticker: zTicker,
    status: z.enum(["resting", "canceled", "executed"]),
    yes_price_dollars: zPriceUnits,
    fill_count_fp: zCountNonNegative,
    remaining_count_fp: zCountNonNegative,
    initial_count_fp: zCountNonNegative,
    taker_fees_dollars: zMicros.nullish(),
    maker_fees_dollars: zMicros.nullish(),
    taker_fill_cost_dollars: zMicros.optional(),
    maker_fill_cost_dollars: zMicros.optional(),
    ...zDirection,
  })
  .refine(hasDirection, NO_DIRECTION);
export type KalshiOrder = z.infer<typeof KalshiOrder>;

export const KalshiGetOrderResponse = z.object({ order: KalshiOrder });
export const KalshiGetOrdersResponse = z.object({ orders: z.array(KalshiOrder), cursor: z.string().optional() });

export const KalshiFill = z
  .object({
    fill_id: z.string().optional(),
    trade_id: z.string().optional(),
    order_id: z.string().min(1),
    ticker: z.string().optional(),
    market_ticker: z.string().optional(),
    yes_price_dollars: zPriceUnits,
    count_fp: zCountNonNegative,
    is_taker: z.boolean(),
    fee_cost: zMicros.optional(),
    ts: z.number().int().optional(),
    ...zDirection,
  })
  .refine(hasDirection, NO_DIRECTION);
export type KalshiFill = z.infer<typeof KalshiFill>;
export const KalshiGetFillsResponse = z.object({ fills: z.array(KalshiFill), cursor: z.string().optional() });

export const KalshiMarketPosition = z.object({
  ticker: zTicker,
  position_fp: zCount,
  realized_pnl_dollars: zMicros,
  fees_paid_dollars: zMicros,
});
export const KalshiGetPositionsResponse = z.object({
  market_positions: z.array(KalshiMarketPosition),
  event_positions: z.array(z.unknown()).optional(),
  cursor: z.string().optional(),
});

/** `balance` is cents; `balance_dollars` (newer, up to 6 dp) is preferred when present. */
export const KalshiBalance = z.object({
  balance: z.number().int(),
  balance_dollars: zMicros.optional(),
  portfolio_value: z.number().int().optional(),
  updated_ts: z.number().int().optional(),
});

export const KalshiMarket = z.object({
  ticker: zTicker,
  event_ticker: z.string().min(1),
  status: z.string(),
  market_type: z.string().optional(),
  title: z.string().optional(),
  yes_sub_title: z.string().optional(),
  no_sub_title: z.string().optional(),
  close_time: z.string().optional(),
  price_level_structure: z.string().optional(),
  /** Settlement rules, read by discovery (rule comparison, review). */
  rules_primary: z.string().optional(),
  rules_secondary: z.string().optional(),
  /** When the event (the game) takes place. */
  occurrence_datetime: z.string().nullish(),
});
export type KalshiMarket = z.infer<typeof KalshiMarket>;
export const KalshiGetMarketResponse = z.object({ market: KalshiMarket });
export const KalshiGetMarketsResponse = z.object({ markets: z.array(KalshiMarket), cursor: z.string().optional() });

export const KalshiGetOrderbookResponse = z.object({
  orderbook_fp: z.object({
    yes_dollars: z.array(zLevel).nullish(),
    no_dollars: z.array(zLevel).nullish(),
  }),
});

export const KalshiEvent = z.object({
  event_ticker: z.string().min(1),
  series_ticker: z.string().min(1),
  title: z.string().optional(),
  sub_title: z.string().optional(),
  mutually_exclusive: z.boolean().optional(),
  /** For a game: its start. */
  strike_date: z.string().nullish(),
  markets: z.array(KalshiMarket).optional(),
});
export type KalshiEvent = z.infer<typeof KalshiEvent>;
export const KalshiGetEventsResponse = z.object({ events: z.array(KalshiEvent), cursor: z.string().optional() });
export const KalshiGetEventResponse = z.object({ event: KalshiEvent, markets: z.array(KalshiMarket).optional() });

export const KalshiSeries = z.object({
  ticker: z.string().min(1),
  title: z.string().optional(),
  category: z.string().optional(),
  fee_type: z.string().optional(),
  fee_multiplier: z.number().optional(),
});
export type KalshiSeries = z.infer<typeof KalshiSeries>;
export const KalshiGetSeriesResponse = z.object({ series: KalshiSeries });
export const KalshiGetSeriesListResponse = z.object({ series: z.array(KalshiSeries).nullish(), cursor: z.string().optional() });

export const KalshiExchangeStatus = z.object({ exchange_active: z.boolean(), trading_active: z.boolean() });

/** Error body: current `{code, message, details}`; older responses nest it under `error`. */
export const KalshiErrorBody = z.union([
  z.object({ code: z.string(), message: z.string().optional(), details: z.string().optional() }),
  z.object({ error: z.object({ code: z.string(), message: z.string().optional(), details: z.string().optional() }) }),
]);
