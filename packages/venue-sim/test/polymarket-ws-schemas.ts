import { z } from "zod";

/**
 * Zod mirrors of the venue's documented Polymarket frames (fixtures/venues/polymarket/ws): a field both the guide
 * and the AsyncAPI examples carry is required, one only the fuller example carries is optional, anything else is
 * refused (strict). The fixtures must parse, and so must what the simulator sends.
 */
const dec = z.string().regex(/^\d*\.?\d+$/);
const ts = z.string().regex(/^\d{1,16}$/);
const level = z.object({ price: dec, size: dec }).strict();

export const Book = z
  .object({
    event_type: z.literal("book"),
    asset_id: z.string().min(1),
    market: z.string(),
    bids: z.array(level),
    asks: z.array(level),
    timestamp: ts,
    hash: z.string(),
    tick_size: dec.optional(),
    min_order_size: dec.optional(),
    neg_risk: z.boolean().optional(),
    last_trade_price: z.string().optional(),
  })
  .strict();
export const PriceChange = z
  .object({
    event_type: z.literal("price_change"),
    market: z.string(),
    price_changes: z
      .array(
        z
          .object({ asset_id: z.string().min(1), price: dec, size: dec, side: z.enum(["BUY", "SELL"]), hash: z.string(), best_bid: dec, best_ask: dec })
          .strict(),
      )
      .min(1),
    timestamp: ts,
  })
  .strict();
export const LegacyPriceChange = z
  .object({
    event_type: z.literal("price_change"),
    asset_id: z.string().min(1),
    market: z.string(),
    changes: z.array(z.object({ price: dec, side: z.enum(["BUY", "SELL"]), size: dec }).strict()).min(1),
    hash: z.string(),
    timestamp: ts,
  })
  .strict();
const TickSizeChange = z
  .object({ event_type: z.literal("tick_size_change"), asset_id: z.string(), market: z.string(), old_tick_size: dec, new_tick_size: dec, timestamp: ts })
  .strict();
const LastTradePrice = z
  .object({
    event_type: z.literal("last_trade_price"),
    asset_id: z.string(),
    market: z.string(),
    price: dec,
    size: dec,
    side: z.enum(["BUY", "SELL"]),
    fee_rate_bps: z.string(),
    timestamp: ts,
    transaction_hash: z.string().optional(),
  })
  .strict();
const BestBidAsk = z
  .object({ event_type: z.literal("best_bid_ask"), market: z.string(), asset_id: z.string(), best_bid: dec, best_ask: dec, spread: dec, timestamp: ts })
  .strict();
const MarketResolved = z
  .object({
    event_type: z.literal("market_resolved"),
    id: z.string(),
    market: z.string(),
    assets_ids: z.array(z.string()).length(2),
    winning_asset_id: z.string(),
    winning_outcome: z.string(),
    timestamp: ts,
    tags: z.array(z.string()).optional(),
    question: z.string().optional(),
    slug: z.string().optional(),
    description: z.string().optional(),
    outcomes: z.array(z.string()).optional(),
    event_message: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const MarketEvent = z.union([Book, PriceChange, TickSizeChange, LastTradePrice, BestBidAsk, MarketResolved]);

export const UserOrder = z
  .object({
    event_type: z.literal("order"),
    id: z.string(),
    owner: z.string(),
    order_owner: z.string(),
    market: z.string(),
    asset_id: z.string(),
    side: z.enum(["BUY", "SELL"]),
    original_size: dec,
    size_matched: dec,
    price: dec,
    associate_trades: z.array(z.string()).nullable(),
    outcome: z.string(),
    type: z.enum(["PLACEMENT", "UPDATE", "CANCELLATION"]),
    created_at: ts.optional(),
    expiration: ts.optional(),
    order_type: z.enum(["GTC", "GTD", "FOK", "FAK"]).optional(),
    status: z.string().optional(),
    maker_address: z.string().optional(),
    timestamp: ts,
  })
  .strict();
const makerOrder = z
  .object({
    order_id: z.string(),
    owner: z.string(),
    maker_address: z.string().optional(),
    matched_amount: dec,
    price: dec,
    fee_rate_bps: z.string().optional(),
    asset_id: z.string(),
    outcome: z.string(),
    side: z.enum(["BUY", "SELL"]).optional(),
  })
  .strict();
export const UserTrade = z
  .object({
    event_type: z.literal("trade"),
    type: z.literal("TRADE"),
    id: z.string(),
    taker_order_id: z.string(),
    market: z.string(),
    asset_id: z.string(),
    side: z.enum(["BUY", "SELL"]),
    size: dec,
    price: dec,
    fee_rate_bps: z.string().optional(),
    status: z.enum(["MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED"]),
    match_time: ts,
    last_update: ts,
    outcome: z.string(),
    owner: z.string(),
    trade_owner: z.string(),
    maker_address: z.string().optional(),
    transaction_hash: z.string().optional(),
    bucket_index: z.number().int().optional(),
    maker_orders: z.array(makerOrder).min(1),
    trader_side: z.enum(["TAKER", "MAKER"]).optional(),
    timestamp: ts,
  })
  .strict();
export const UserEvent = z.union([UserOrder, UserTrade]);
