import type { z } from "zod";
import { parseFixed } from "../decimal.js";
import type { VenueOrderStatus } from "@arb/domain";
import type { FillReport, OrderState, Outcome } from "../ports.js";
import {
  PolyMarketEvent,
  type PolyOpenOrder,
  type PolyTrade,
  PolyUserEvent,
  type PolyWsOrder,
  type PolyWsPriceChange,
  type PolyWsTrade,
  PolyWsPriceChange as PriceChangeSchema,
} from "./wire.js";

/** Why an event was dropped; the key of the drop counters. */
export type DropReason = string;

export type Decoded<T> = { readonly ok: true; readonly event: T } | { readonly ok: false; readonly reason: DropReason };

/** The server's keepalive answer: plain text, not JSON. */
export const PONG = "PONG";

function schemaReason(eventType: string, error: z.ZodError): DropReason {
  const issue = error.issues[0];
  return `schema:${eventType}:${issue === undefined ? "?" : issue.path.join(".")}`;
}

function eventTypeOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const t = (value as { event_type?: unknown }).event_type;
  return typeof t === "string" ? t : undefined;
}

const MARKET_EVENT_TYPES = new Set(["book", "price_change", "tick_size_change", "last_trade_price", "best_bid_ask", "new_market", "market_resolved"]);
const USER_EVENT_TYPES = new Set(["order", "trade"]);

/** One market-channel event (an element of a frame's array, or the frame itself) through the zod schema. */
export function decodeMarketEvent(value: unknown): Decoded<PolyMarketEvent> {
  const t = eventTypeOf(value);
  if (t === undefined) return { ok: false, reason: typeof value === "object" && value !== null && !Array.isArray(value) ? "no_event_type" : "not_object" };
  if (!MARKET_EVENT_TYPES.has(t)) return { ok: false, reason: "unknown_event_type" };
  const r = PolyMarketEvent.safeParse(value);
  return r.success ? { ok: true, event: r.data } : { ok: false, reason: schemaReason(t, r.error) };
}

export function decodeUserEvent(value: unknown): Decoded<PolyUserEvent> {
  const t = eventTypeOf(value);
  if (t === undefined) return { ok: false, reason: typeof value === "object" && value !== null && !Array.isArray(value) ? "no_event_type" : "not_object" };
  if (!USER_EVENT_TYPES.has(t)) return { ok: false, reason: "unknown_event_type" };
  const r = PolyUserEvent.safeParse(value);
  return r.success ? { ok: true, event: r.data } : { ok: false, reason: schemaReason(t, r.error) };
}

/** A frame's events: the venue sends either a JSON array of events or one event object. */
export function eventsOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

// ---- price_change fast path ----

const SIDE_BID = 0;
const SIDE_ASK = 1;
const ABSENT = -1;

/**
 * Reusable struct-of-arrays for one `price_change` event: the hot path reads into it instead of building objects.
 * Arrays grow (rarely) and are never shrunk.
 */
export class PriceChangeScratch {
  count = 0;
  market = "";
  timestampMs = 0;
  assetIds: string[] = [];
  hashes: string[] = [];
  side = new Uint8Array(8);
  priceUnits = new Uint16Array(8);
  sizeHundredths = new Float64Array(8);
  /** best_bid / best_ask in units, ABSENT (−1) when the field is missing. */
  bestBid = new Int32Array(8);
  bestAsk = new Int32Array(8);

  ensure(n: number): void {
    if (n <= this.side.length) return;
    let cap = this.side.length;
    while (cap < n) cap *= 2;
    this.side = new Uint8Array(cap);
    this.priceUnits = new Uint16Array(cap);
    this.sizeHundredths = new Float64Array(cap);
    this.bestBid = new Int32Array(cap);
    this.bestAsk = new Int32Array(cap);
  }
}

function isDigits(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 16) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function optionalPrice(v: unknown): number | undefined {
  if (v === undefined) return ABSENT;
  if (typeof v !== "string") return undefined;
  const p = parseFixed(v, 4);
  return p !== undefined && p >= 0 && p <= 10_000 ? p : undefined;
}

/**
 * Hand-written twin of `PolyWsPriceChange.safeParse` for the hot path: accepts exactly what the schema accepts (a
 * property test holds them equal) and writes into `s` without allocating. Returns undefined on success, else the
 * drop reason. Nothing is written to a book unless the whole event is valid.
 */
export function readPriceChange(value: unknown, s: PriceChangeScratch): DropReason | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not_object";
  const o = value as Record<string, unknown>;
  if (o["event_type"] !== "price_change") return "schema:price_change:event_type";
  const market = o["market"];
  if (typeof market !== "string") return "schema:price_change:market";
  const list = o["price_changes"];
  if (!Array.isArray(list)) return "schema:price_change:price_changes";
  const n = list.length;
  s.ensure(n);
  for (let i = 0; i < n; i++) {
    const e = list[i] as unknown;
    if (typeof e !== "object" || e === null || Array.isArray(e)) return `schema:price_change:price_changes.${i}`;
    const r = e as Record<string, unknown>;
    const assetId = r["asset_id"];
    if (typeof assetId !== "string" || assetId.length === 0) return `schema:price_change:price_changes.${i}.asset_id`;
    const price = r["price"];
    const p = typeof price === "string" ? parseFixed(price, 4) : undefined;
    if (p === undefined || p <= 0 || p >= 10_000) return `schema:price_change:price_changes.${i}.price`;
    const size = r["size"];
    const sz = typeof size === "string" ? parseFixed(size, 2) : undefined;
    if (sz === undefined || sz < 0) return `schema:price_change:price_changes.${i}.size`;
    const side = r["side"];
    if (side !== "BUY" && side !== "SELL") return `schema:price_change:price_changes.${i}.side`;
    const hash = r["hash"];
    if (typeof hash !== "string") return `schema:price_change:price_changes.${i}.hash`;
    const bb = optionalPrice(r["best_bid"]);
    if (bb === undefined) return `schema:price_change:price_changes.${i}.best_bid`;
    const ba = optionalPrice(r["best_ask"]);
    if (ba === undefined) return `schema:price_change:price_changes.${i}.best_ask`;
    s.assetIds[i] = assetId;
    s.hashes[i] = hash;
    s.side[i] = side === "BUY" ? SIDE_BID : SIDE_ASK;
    s.priceUnits[i] = p;
    s.sizeHundredths[i] = sz;
    s.bestBid[i] = bb;
    s.bestAsk[i] = ba;
  }
  const ts = o["timestamp"];
  if (typeof ts !== "string" || !isDigits(ts)) return "schema:price_change:timestamp";
  s.count = n;
  s.market = market;
  s.timestampMs = Number(ts);
  return undefined;
}

/** The scratch as the schema's output object (tests compare the two; allocates, so not for the hot path). */
export function priceChangeOfScratch(s: PriceChangeScratch): PolyWsPriceChange {
  const price_changes: PolyWsPriceChange["price_changes"] = [];
  for (let i = 0; i < s.count; i++) {
    const bb = s.bestBid[i] ?? ABSENT;
    const ba = s.bestAsk[i] ?? ABSENT;
    price_changes.push({
      asset_id: s.assetIds[i] ?? "",
      price: s.priceUnits[i] ?? 0,
      size: s.sizeHundredths[i] ?? 0,
      side: s.side[i] === SIDE_BID ? "BUY" : "SELL",
      hash: s.hashes[i] ?? "",
      ...(bb !== ABSENT && { best_bid: bb }),
      ...(ba !== ABSENT && { best_ask: ba }),
    });
  }
  return { event_type: "price_change", market: s.market, price_changes, timestamp: s.timestampMs };
}

/** The zod oracle of `readPriceChange`. */
export function parsePriceChangeSlow(value: unknown): PolyWsPriceChange | undefined {
  const r = PriceChangeSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

// ---- user channel and REST → ports ----

/** Which market and outcome a token is, from the market registry. */
export interface TokenInfo {
  readonly market: string;
  readonly outcome: Outcome;
}

const flip = (o: Outcome): Outcome => (o === "yes" ? "no" : "yes");

/** Base units of shares (1e-6) to hundredths, floored: the ports count whole hundredths. */
const microsToHundredths = (micros: number): number => Math.floor(micros / 10_000);

/** Order statuses the venue reports, longest first so a status that extends another is found whole. */
const ORDER_STATUSES = ["CANCELED_MARKET_RESOLVED", "CANCELLED", "CANCELED", "UNMATCHED", "MATCHED", "DELAYED", "INVALID", "LIVE"] as const;
export type PolyOrderStatus = (typeof ORDER_STATUSES)[number];
const ENDED: ReadonlySet<PolyOrderStatus> = new Set(["CANCELED_MARKET_RESOLVED", "CANCELLED", "CANCELED", "UNMATCHED", "INVALID"]);

/**
 * The status an order status string names. The venue may append "_" and a reason ("CANCELED_order couldn't be
 * fully filled. FOK orders are fully filled or killed.", "CANCELED_MARKET_RESOLVED_resolved at block 12345",
 * "UNMATCHED_insufficient liquidity"; nautilus_trader's Polymarket adapter tests), so it is read as a prefix, in
 * any case. undefined: no status this client knows.
 */
export function orderStatusOf(venueStatus: string): PolyOrderStatus | undefined {
  for (const s of ORDER_STATUSES) {
    if (venueStatus.length < s.length || venueStatus.slice(0, s.length).toUpperCase() !== s) continue;
    if (venueStatus.length === s.length || venueStatus[s.length] === "_") return s;
  }
  return undefined;
}

function statusOf(venueStatus: string | undefined, type: PolyWsOrder["type"] | undefined, matched: number, original: number): VenueOrderStatus {
  const s = venueStatus === undefined ? undefined : orderStatusOf(venueStatus);
  if (type === "CANCELLATION" || (s !== undefined && ENDED.has(s))) return "canceled";
  if (s === "MATCHED" || (original > 0 && matched >= original)) return "executed";
  return "resting";
}

/**
 * An order (user-channel event or REST open order) as the ports' OrderState. A token's price is for that token;
 * the YES price of a NO-token order is 1 − price. Selling a token is being long the other outcome.
 */
export function orderStateFrom(o: PolyWsOrder | PolyOpenOrder, token: TokenInfo, clientOrderId: string): OrderState {
  const original = o.original_size;
  const matched = o.size_matched;
  const type = "type" in o ? o.type : undefined;
  const status = statusOf(o.status, type, matched, original);
  const filled = microsToHundredths(matched);
  const initial = microsToHundredths(original);
  return {
    orderId: o.id,
    clientOrderId,
    market: token.market,
    outcome: o.side === "BUY" ? token.outcome : flip(token.outcome),
    status,
    yesPriceUnits: token.outcome === "yes" ? o.price : 10_000 - o.price,
    initialHundredths: initial,
    filledHundredths: filled,
    remainingHundredths: status === "resting" ? Math.max(0, initial - filled) : 0,
  };
}

/**
 * Our side of a trade as fills: the taker fill when the taker is our API key, and one fill per maker order of ours
 * (`maker_orders` lists every maker, ours or not, each with its owner's key), whatever the trade's status. The
 * caller books them on MATCHED only (later statuses of the same trade must not book it twice) and takes the same
 * fills (same ids) back when the trade FAILS on chain.
 */
export function tradeFills(
  t: PolyWsTrade | PolyTrade,
  tokenOf: (assetId: string) => TokenInfo | undefined,
  apiKey: string,
  clientIdOf: (orderId: string) => string | undefined,
  tsMs: number,
): FillReport[] {
  const fills: FillReport[] = [];
  const takerToken = tokenOf(t.asset_id);
  // A part of nothing is not a fill: booked, it would make the real fill of its trade a duplicate.
  if (t.owner === apiKey && takerToken !== undefined && microsToHundredths(t.size) > 0) {
    const cid = clientIdOf(t.taker_order_id);
    fills.push({
      fillId: `${t.id}:${t.taker_order_id}`,
      orderId: t.taker_order_id,
      ...(cid !== undefined && { clientOrderId: cid }),
      market: takerToken.market,
      outcome: t.side === "BUY" ? takerToken.outcome : flip(takerToken.outcome),
      yesPriceUnits: takerToken.outcome === "yes" ? t.price : 10_000 - t.price,
      sizeHundredths: microsToHundredths(t.size),
      isTaker: true,
      tsMs,
    });
  }
  for (const m of t.maker_orders) {
    const token = tokenOf(m.asset_id);
    if (m.owner !== apiKey || token === undefined || microsToHundredths(m.matched_amount) <= 0) continue;
    const cid = clientIdOf(m.order_id);
    // Without a side (the docs' older example), a maker on the taker's token took the other side of the trade;
    // one on the complementary token traded the same direction (the engine crossed a mint or a merge).
    const side = m.side ?? (m.asset_id === t.asset_id ? (t.side === "BUY" ? "SELL" : "BUY") : t.side);
    fills.push({
      fillId: `${t.id}:${m.order_id}`,
      orderId: m.order_id,
      ...(cid !== undefined && { clientOrderId: cid }),
      market: token.market,
      outcome: side === "BUY" ? token.outcome : flip(token.outcome),
      yesPriceUnits: token.outcome === "yes" ? m.price : 10_000 - m.price,
      sizeHundredths: microsToHundredths(m.matched_amount),
      isTaker: false,
      tsMs,
    });
  }
  return fills;
}
