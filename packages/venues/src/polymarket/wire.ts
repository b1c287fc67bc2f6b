import { decimalToInt } from "@arb/domain";
import { z } from "zod";
import { zFixed } from "../zod-fixed.js";

/**
 * Zod schemas mirroring Polymarket's JSON field for field (venues.md §2; the docs' AsyncAPI / OpenAPI and
 * clob-client-v2 types/clob.ts). Decimal strings become integers here and nowhere else: prices in 1/10 000 $,
 * book sizes in 1/100 share, trade and order sizes in 1e-6 share (on-chain precision: market orders fill in up to
 * 6 decimals), amounts in 6-decimal base units. More decimals than that is malformed, never rounded.
 * Strict on the fields the client uses, lenient (unknown keys stripped, extras optional) on the rest.
 */

/** A price 0..1 $ in units ("0.5" → 5000, ".48" → 4800); best_bid "0" and best_ask "1" are legal. */
export const zPriceUnits = zFixed(4).refine((p) => p >= 0 && p <= 10_000, "price outside 0..1");
/** A resting level's price: strictly inside (0, 1). */
export const zLevelPriceUnits = zFixed(4).refine((p) => p > 0 && p < 10_000, "level price outside (0, 1)");
export const zSizeHundredths = zFixed(2).refine((s) => s >= 0, "negative size");
export const zSharesMicros = zFixed(6).refine((s) => s >= 0, "negative size");
/** An order's matched size; a killed FOK reports "" for it (nautilus_trader issue #3987), meaning nothing matched. */
export const zSizeMatchedMicros = z.union([z.literal("").transform(() => 0), zSharesMicros]);
/** Unix ms (or s, where the venue says so) as a decimal string of digits. */
export const zTimestamp = z
  .string()
  .regex(/^\d{1,16}$/, "not a decimal timestamp")
  .transform(Number);
/** A tick size ("0.01", or a JSON number from /clob-markets and Gamma) in price units. */
export const zTickUnits = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const u = decimalToInt(typeof v === "number" ? String(v) : v, 4);
  if (u === undefined || u <= 0 || u >= 10_000) {
    ctx.issues.push({ code: "custom", message: "not a tick size in (0, 1) with at most 4 decimals", input: v });
    return z.NEVER;
  }
  return u;
});
/** A 6-decimal fixed-point amount sent as an integer string ("100000000" = 100). */
export const zBaseUnits = z
  .string()
  .regex(/^\d{1,30}$/, "not an integer amount")
  .transform((s) => BigInt(s));
export const zSide = z.enum(["BUY", "SELL"]);

// ---- market channel ----

export const PolyLevel = z.object({ price: zLevelPriceUnits, size: zSizeHundredths });
export type PolyLevel = z.infer<typeof PolyLevel>;

const bookFields = {
  asset_id: z.string().min(1),
  market: z.string(),
  bids: z.array(PolyLevel),
  asks: z.array(PolyLevel),
  timestamp: zTimestamp,
  hash: z.string(),
  tick_size: zTickUnits.optional(),
  min_order_size: z.string().optional(),
  neg_risk: z.boolean().optional(),
  last_trade_price: z.string().optional(),
};

/** WS `book`: a full snapshot. Level order is not guaranteed. */
export const PolyWsBook = z.object({ event_type: z.literal("book"), ...bookFields });
export type PolyWsBook = z.infer<typeof PolyWsBook>;

export const PolyPriceChangeEntry = z.object({
  asset_id: z.string().min(1),
  price: zLevelPriceUnits,
  /** The new absolute size at the level; 0 removes it. */
  size: zSizeHundredths,
  /** BUY = bids, SELL = asks. */
  side: zSide,
  hash: z.string(),
  best_bid: zPriceUnits.optional(),
  best_ask: zPriceUnits.optional(),
});

/** WS `price_change` (the `price_changes` shape since Sept 2025); one message may cover both tokens of a market. */
export const PolyWsPriceChange = z.object({
  event_type: z.literal("price_change"),
  market: z.string(),
  price_changes: z.array(PolyPriceChangeEntry),
  timestamp: zTimestamp,
});
export type PolyWsPriceChange = z.infer<typeof PolyWsPriceChange>;

export const PolyWsTickSizeChange = z.object({
  event_type: z.literal("tick_size_change"),
  asset_id: z.string().min(1),
  market: z.string(),
  old_tick_size: zTickUnits,
  new_tick_size: zTickUnits,
  timestamp: zTimestamp,
});

export const PolyWsLastTradePrice = z.object({
  event_type: z.literal("last_trade_price"),
  asset_id: z.string().min(1),
  market: z.string(),
  price: zPriceUnits,
  size: zSharesMicros,
  side: zSide,
  fee_rate_bps: z.string().optional(),
  timestamp: zTimestamp,
  transaction_hash: z.string().optional(),
});

export const PolyWsBestBidAsk = z.object({
  event_type: z.literal("best_bid_ask"),
  market: z.string(),
  asset_id: z.string().min(1),
  best_bid: zPriceUnits,
  best_ask: zPriceUnits,
  spread: z.string().optional(),
  timestamp: zTimestamp,
});

export const PolyWsNewMarket = z.object({
  event_type: z.literal("new_market"),
  id: z.string(),
  market: z.string(),
  assets_ids: z.array(z.string()),
  outcomes: z.array(z.string()),
  question: z.string().optional(),
  slug: z.string().optional(),
  active: z.boolean().optional(),
  order_price_min_tick_size: zTickUnits.optional(),
  timestamp: zTimestamp,
});

export const PolyWsMarketResolved = z.object({
  event_type: z.literal("market_resolved"),
  market: z.string(),
  assets_ids: z.array(z.string()),
  winning_asset_id: z.string(),
  winning_outcome: z.string(),
  timestamp: zTimestamp,
});

export const PolyMarketEvent = z.discriminatedUnion("event_type", [
  PolyWsBook,
  PolyWsPriceChange,
  PolyWsTickSizeChange,
  PolyWsLastTradePrice,
  PolyWsBestBidAsk,
  PolyWsNewMarket,
  PolyWsMarketResolved,
]);
export type PolyMarketEvent = z.infer<typeof PolyMarketEvent>;

// ---- user channel ----

export const PolyWsOrder = z.object({
  event_type: z.literal("order"),
  id: z.string().min(1),
  owner: z.string(),
  market: z.string(),
  asset_id: z.string().min(1),
  side: zSide,
  original_size: zSharesMicros,
  size_matched: zSizeMatchedMicros,
  price: zPriceUnits,
  type: z.enum(["PLACEMENT", "UPDATE", "CANCELLATION"]),
  outcome: z.string().optional(),
  /** A status, optionally followed by "_" and the venue's reason ("CANCELED_order couldn't be fully filled. …"). */
  status: z.string().optional(),
  order_type: z.string().optional(),
  associate_trades: z.array(z.string()).nullable().optional(),
  timestamp: zTimestamp,
});
export type PolyWsOrder = z.infer<typeof PolyWsOrder>;

export const PolyMakerOrder = z.object({
  order_id: z.string(),
  owner: z.string(),
  matched_amount: zSharesMicros,
  price: zPriceUnits,
  asset_id: z.string(),
  outcome: z.string().optional(),
  side: zSide.optional(),
  fee_rate_bps: z.string().optional(),
  maker_address: z.string().optional(),
});

export const PolyTradeStatus = z.enum(["MATCHED", "MINED", "CONFIRMED", "RETRYING", "FAILED"]);
export type PolyTradeStatus = z.infer<typeof PolyTradeStatus>;

const tradeFields = {
  id: z.string().min(1),
  taker_order_id: z.string(),
  market: z.string(),
  asset_id: z.string().min(1),
  side: zSide,
  size: zSharesMicros,
  price: zPriceUnits,
  status: PolyTradeStatus,
  owner: z.string(),
  maker_orders: z.array(PolyMakerOrder).default([]),
  trader_side: z.enum(["TAKER", "MAKER"]).optional(),
  fee_rate_bps: z.string().optional(),
  outcome: z.string().optional(),
  match_time: z.string().optional(),
  transaction_hash: z.string().optional(),
};

/** A trade frame of no shares is no trade: booked, it would make the real fill of its id a duplicate (dropped, counted). */
export const PolyWsTrade = z.object({
  event_type: z.literal("trade"),
  type: z.literal("TRADE").optional(),
  ...tradeFields,
  size: zSharesMicros.refine((s) => s > 0, "zero size"),
  timestamp: zTimestamp,
});
export type PolyWsTrade = z.infer<typeof PolyWsTrade>;

export const PolyUserEvent = z.discriminatedUnion("event_type", [PolyWsOrder, PolyWsTrade]);
export type PolyUserEvent = z.infer<typeof PolyUserEvent>;

// ---- outbound WS commands (the simulator parses what the client sends with these) ----

/** Wire format: {"assets_ids":[...],"type":"market","custom_feature_enabled":true} */
export const PolyMarketSubscribe = z.object({
  assets_ids: z.array(z.string()),
  type: z.literal("market"),
  custom_feature_enabled: z.boolean().optional(),
  initial_dump: z.boolean().optional(),
  level: z.number().int().optional(),
});
/** Wire format: {"assets_ids":[...],"operation":"subscribe"|"unsubscribe"} */
export const PolyMarketSubscriptionUpdate = z.object({ operation: z.enum(["subscribe", "unsubscribe"]), assets_ids: z.array(z.string()) });
/** Wire format: {"auth":{"apiKey","secret","passphrase"},"markets":[conditionIds],"type":"user"} */
export const PolyUserSubscribe = z.object({
  auth: z.object({ apiKey: z.string(), secret: z.string(), passphrase: z.string() }),
  markets: z.array(z.string()).optional(),
  type: z.literal("user"),
});
export const PolyUserSubscriptionUpdate = z.object({ operation: z.enum(["subscribe", "unsubscribe"]), markets: z.array(z.string()) });

// ---- CLOB REST ----

/** GET /book (and each element of POST /books). */
export const PolyBookSummary = z.object(bookFields);
export type PolyBookSummary = z.infer<typeof PolyBookSummary>;
export const PolyBooks = z.array(PolyBookSummary);

export const PolyTickSizeResponse = z.object({ minimum_tick_size: zTickUnits });
export const PolyNegRiskResponse = z.object({ neg_risk: z.boolean() });
export const PolyVersionResponse = z.object({ version: z.number().int().positive() });
/** GET /time: server Unix seconds as a bare JSON number. */
export const PolyTimeResponse = z.number().int().nonnegative();

/** A fee rate (JSON number, e.g. 0.05) in parts per million. */
const zRatePpm = z.number().transform((v, ctx) => {
  const ppm = decimalToInt(String(v), 6);
  if (ppm === undefined || ppm < 0 || ppm > 1_000_000) {
    ctx.issues.push({ code: "custom", message: "fee rate not in 0..1 with at most 6 decimals", input: v });
    return z.NEVER;
  }
  return ppm;
});
const zNumberHundredths = z.number().transform((v, ctx) => {
  const h = decimalToInt(String(v), 2);
  if (h === undefined || h < 0) {
    ctx.issues.push({ code: "custom", message: "size not ≥ 0 with at most 2 decimals", input: v });
    return z.NEVER;
  }
  return h;
});

/** GET /clob-markets/{conditionId}: the compact market record (clob-client-v2 MarketDetails). */
export const PolyClobMarket = z.object({
  c: z.string().min(1),
  t: z.array(z.object({ t: z.string().min(1), o: z.string() })).min(2),
  mts: zTickUnits,
  nr: z.boolean().optional(),
  fd: z.object({ r: zRatePpm.optional(), e: z.number().int().min(0).optional(), to: z.boolean().optional() }).optional(),
  mos: zNumberHundredths.optional(),
  ao: z.boolean().optional(),
  sd: z.number().optional(),
  mbf: z.number().optional(),
  tbf: z.number().optional(),
});
export type PolyClobMarket = z.infer<typeof PolyClobMarket>;

/** POST /order request body (what the client sends; the simulator and the fixture test parse it). */
export const PolyOrderRequest = z.object({
  order: z.object({
    salt: z.number().int().nonnegative(),
    maker: z.string(),
    signer: z.string(),
    tokenId: z.string(),
    makerAmount: zBaseUnits,
    takerAmount: zBaseUnits,
    side: zSide,
    signatureType: z.number().int().min(0).max(3),
    timestamp: z.string(),
    expiration: z.string(),
    metadata: z.string(),
    builder: z.string(),
    signature: z.string(),
  }),
  owner: z.string(),
  orderType: z.enum(["GTC", "GTD", "FOK", "FAK"]),
  postOnly: z.boolean().optional(),
  deferExec: z.boolean().optional(),
});

/** POST /order response (and each element of POST /orders). Amounts are 6-decimal fixed-point strings. */
export const PolyOrderResponse = z.object({
  success: z.boolean(),
  errorMsg: z.string().default(""),
  orderID: z.string().default(""),
  status: z.string().optional(),
  makingAmount: z.union([zBaseUnits, z.literal("").transform(() => 0n)]).optional(),
  takingAmount: z.union([zBaseUnits, z.literal("").transform(() => 0n)]).optional(),
  tradeIDs: z.array(z.string()).nullable().optional(),
  transactionsHashes: z.array(z.string()).nullable().optional(),
});
export type PolyOrderResponse = z.infer<typeof PolyOrderResponse>;
export const PolyOrderResponses = z.array(PolyOrderResponse);

/** Error bodies: {"error":"..."} (400 examples in the docs). */
export const PolyErrorBody = z.object({ error: z.string() });

/** DELETE /order, /orders, /cancel-all: {canceled:[ids], not_canceled:{id: reason}}. */
export const PolyCancelResponse = z.object({
  canceled: z.array(z.string()).default([]),
  not_canceled: z.record(z.string(), z.unknown()).nullable().default({}),
});

export const PolyOpenOrder = z.object({
  id: z.string().min(1),
  status: z.string(),
  owner: z.string().optional(),
  maker_address: z.string().optional(),
  market: z.string(),
  asset_id: z.string().min(1),
  side: zSide,
  original_size: zSharesMicros,
  size_matched: zSizeMatchedMicros,
  price: zPriceUnits,
  outcome: z.string().optional(),
  associate_trades: z.array(z.string()).nullable().optional(),
  created_at: z.union([z.number(), z.string()]).optional(),
  expiration: z.string().optional(),
  order_type: z.string().optional(),
});
export type PolyOpenOrder = z.infer<typeof PolyOpenOrder>;

export const PolyOpenOrdersPage = z.object({ data: z.array(PolyOpenOrder), next_cursor: z.string() });
export const PolyTrade = z.object({ ...tradeFields, last_update: z.string().optional(), bucket_index: z.number().optional() });
export type PolyTrade = z.infer<typeof PolyTrade>;
export const PolyTradesPage = z.object({ data: z.array(PolyTrade), next_cursor: z.string() });

export const PolyBalanceAllowance = z.object({
  balance: z.string().regex(/^\d{1,30}$/, "not an integer balance"),
  allowances: z.record(z.string(), z.string()).optional(),
});

export const PolyApiKeyResponse = z.object({ apiKey: z.string().min(1), secret: z.string().min(1), passphrase: z.string().min(1) });

// ---- Gamma ----

/** Gamma sends `outcomes`, `outcomePrices` and `clobTokenIds` as JSON-encoded strings. */
const zJsonStringArray = z.string().transform((s, ctx) => {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    ctx.issues.push({ code: "custom", message: "not a JSON-encoded array", input: s });
    return z.NEVER;
  }
  const r = z.array(z.string()).safeParse(v);
  if (!r.success) {
    ctx.issues.push({ code: "custom", message: "not a JSON-encoded array of strings", input: s });
    return z.NEVER;
  }
  return r.data;
});

export const PolyGammaMarket = z.object({
  id: z.string(),
  question: z.string().optional(),
  conditionId: z.string(),
  slug: z.string().optional(),
  /** The market's rules text. */
  description: z.string().optional(),
  resolutionSource: z.string().nullish(),
  endDate: z.string().nullish(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  acceptingOrders: z.boolean().optional(),
  enableOrderBook: z.boolean().optional(),
  negRisk: z.boolean().optional(),
  orderPriceMinTickSize: zTickUnits.optional(),
  orderMinSize: zNumberHundredths.optional(),
  outcomes: zJsonStringArray.optional(),
  outcomePrices: zJsonStringArray.optional(),
  clobTokenIds: zJsonStringArray.optional(),
  /** "v2" marks Protocol-V2 markets (ExchangeV3, domain "3"), which use positionIds. */
  version: z.string().optional(),
  positionIds: z.array(z.string()).optional(),
  /** "2026-11-25 19:00:00+00" on sports markets. */
  gameStartTime: z.string().nullish(),
  sportsMarketType: z.string().nullish(),
  /** The outcome a market of a multi-market event is about (e.g. a team). */
  groupItemTitle: z.string().nullish(),
});
export type PolyGammaMarket = z.infer<typeof PolyGammaMarket>;

export const PolyGammaEvent = z.object({
  id: z.string(),
  slug: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  resolutionSource: z.string().nullish(),
  active: z.boolean().optional(),
  closed: z.boolean().optional(),
  startDate: z.string().nullish(),
  endDate: z.string().nullish(),
  markets: z.array(PolyGammaMarket).default([]),
  tags: z.array(z.object({ id: z.string(), slug: z.string().optional(), label: z.string().optional() })).optional(),
});
export type PolyGammaEvent = z.infer<typeof PolyGammaEvent>;
