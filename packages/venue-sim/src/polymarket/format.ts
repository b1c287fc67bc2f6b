import { createHash } from "node:crypto";
import { intToDecimal } from "@arb/domain";
import type { PolyMarketState, PolyOrderRecord, PolyTrade, TokenIndex } from "../exchange/polymarket.js";
import type { PolymarketEventListing, PolymarketMarketListing } from "../generator/polymarket-listing.js";

/** Polymarket writes decimals without trailing zeros: "0.5", "200", "219.217767". */
function trimDecimal(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

export const price = (units: number): string => trimDecimal(intToDecimal(units, 4));
export const shares = (hundredths: number): string => trimDecimal(intToDecimal(hundredths, 2));
/** 6-decimal base units (pUSD micros, share micros) as the integer strings of amounts and balances. */
export const sharesBase = (hundredths: number): string => String(hundredths * 10_000);
/** A tick or fee rate as the JSON number the venue sends (0.01, 0.05). */
const asNumber = (value: number, decimals: number): number => Number(trimDecimal(intToDecimal(value, decimals)));

/** The venue's per-book hash: a digest of the book it describes. */
export function bookHash(assetId: string, tsMs: number, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): string {
  return createHash("sha1")
    .update(`${assetId}|${tsMs}|${JSON.stringify(bids)}|${JSON.stringify(asks)}`)
    .digest("hex");
}

export interface TokenBookView {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
}

/** GET /book and WS `book`: bids ascending and asks descending (best of each side last), as the REST API sends. */
export function bookSummary(m: PolyMarketState, tokenIndex: TokenIndex, book: TokenBookView, tsMs: number): Record<string, unknown> {
  const assetId = m.tokenIds[tokenIndex];
  const bids = [...book.bids].reverse();
  const asks = [...book.asks].reverse();
  const last = m.lastTrade === undefined ? "" : price(m.lastTrade.tokenIndex === tokenIndex ? m.lastTrade.priceUnits : 10_000 - m.lastTrade.priceUnits);
  return {
    market: m.conditionId,
    asset_id: assetId,
    timestamp: String(tsMs),
    hash: bookHash(assetId, tsMs, book.bids, book.asks),
    bids: bids.map(([p, s]) => ({ price: price(p), size: shares(s) })),
    asks: asks.map(([p, s]) => ({ price: price(p), size: shares(s) })),
    min_order_size: shares(m.minOrderHundredths),
    tick_size: price(m.tickUnits),
    neg_risk: m.negRisk,
    last_trade_price: last,
  };
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** An order as /data/order, /data/orders and the user channel's `order` event describe it. */
export function orderJson(o: PolyOrderRecord, makerAddress: string, outcome: string): Record<string, unknown> {
  return {
    id: o.orderId,
    status: o.status,
    owner: o.owner,
    maker_address: makerAddress,
    market: o.conditionId,
    asset_id: o.tokenId,
    side: o.side,
    original_size: shares(o.sizeHundredths),
    size_matched: shares(o.matchedHundredths),
    price: price(o.priceUnits),
    outcome,
    expiration: String(o.expirationSec),
    order_type: o.orderType,
    associate_trades: o.tradeIds,
    created_at: String(seconds(o.createdMs)),
  };
}

export interface TradeParties {
  readonly takerMaker: string;
  readonly makerMaker: string;
  readonly takerOutcome: string;
  readonly makerOutcome: string;
}

/**
 * A trade from the taker's side (asset, side, price are the taker's), with the one maker order it matched. `owner`
 * is the taker's API key; `trader_side` tells the reader which side it was on.
 */
export function tradeJson(
  t: PolyTrade,
  m: PolyMarketState,
  status: string,
  parties: TradeParties,
  traderSide: "TAKER" | "MAKER",
  lastUpdateMs: number,
): Record<string, unknown> {
  return {
    id: t.tradeId,
    taker_order_id: t.takerOrderId,
    market: t.conditionId,
    asset_id: m.tokenIds[t.takerTokenIndex],
    side: t.takerSide,
    size: shares(t.sizeHundredths),
    fee_rate_bps: String(t.feeRateBps),
    price: price(t.takerPriceUnits),
    status,
    match_time: String(seconds(t.tsMs)),
    last_update: String(seconds(lastUpdateMs)),
    outcome: parties.takerOutcome,
    bucket_index: 0,
    owner: t.takerOwner,
    maker_address: parties.takerMaker,
    transaction_hash: status === "MATCHED" ? "" : `0x${createHash("sha256").update(t.tradeId).digest("hex")}`,
    trader_side: traderSide,
    maker_orders: [
      {
        order_id: t.makerOrderId,
        owner: t.makerOwner,
        maker_address: parties.makerMaker,
        matched_amount: shares(t.sizeHundredths),
        price: price(t.makerPriceUnits),
        fee_rate_bps: "0",
        asset_id: m.tokenIds[t.makerTokenIndex],
        outcome: parties.makerOutcome,
        side: t.makerSide,
      },
    ],
  };
}

/** GET /clob-markets/{conditionId} (clob-client-v2 MarketDetails). Fee-free markets carry no `fd`. */
export function clobMarketJson(m: PolyMarketState, listing: PolymarketMarketListing, delaySec: number): Record<string, unknown> {
  return {
    c: m.conditionId,
    t: listing.outcomes.map((o) => ({ t: o.tokenId, o: o.label })),
    mts: asNumber(m.tickUnits, 4),
    nr: m.negRisk,
    ...(m.takerRatePpm > 0 && { fd: { r: asNumber(m.takerRatePpm, 6), e: m.feeExponent, to: true } }),
    mos: asNumber(m.minOrderHundredths, 2),
    ao: m.status === "active",
    sd: delaySec,
    mbf: 0,
    tbf: 0,
  };
}

export interface GammaTimes {
  readonly startMs: number;
  readonly endMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A Gamma market: `outcomes`, `outcomePrices` and `clobTokenIds` are JSON-encoded strings, as the venue sends. */
export function gammaMarketJson(l: PolymarketMarketListing, m: PolyMarketState, times: GammaTimes, midUnits: number): Record<string, unknown> {
  return {
    id: l.marketId,
    question: l.question,
    conditionId: l.conditionId,
    slug: l.slug,
    startDate: iso(times.startMs - 86_400_000),
    endDate: iso(times.endMs),
    gameStartTime: iso(times.startMs)
      .replace("T", " ")
      .replace(/\.\d{3}Z$/, "+00"),
    active: true,
    closed: m.status !== "active",
    acceptingOrders: m.status === "active",
    enableOrderBook: true,
    negRisk: l.negRisk,
    orderPriceMinTickSize: asNumber(m.tickUnits, 4),
    orderMinSize: asNumber(l.minOrderHundredths, 2),
    outcomes: JSON.stringify(l.outcomes.map((o) => o.label)),
    outcomePrices: JSON.stringify([price(midUnits), price(10_000 - midUnits)]),
    clobTokenIds: JSON.stringify(l.outcomes.map((o) => o.tokenId)),
    groupItemTitle: l.groupItemTitle,
    sportsMarketType: "moneyline",
    feesEnabled: l.takerRatePpm > 0,
    /** "v1": a CTF Exchange V2 market (domain "2"); Protocol-V2 markets ("v2") are not simulated. */
    version: "v1",
  };
}

export function gammaEventJson(
  e: PolymarketEventListing,
  markets: readonly Record<string, unknown>[],
  times: GammaTimes,
  closed: boolean,
  tag: { id: string; slug: string; label: string },
): Record<string, unknown> {
  return {
    id: e.eventId,
    slug: e.slug,
    title: e.title,
    startDate: iso(times.startMs - 86_400_000),
    endDate: iso(times.endMs),
    active: true,
    closed,
    negRisk: e.negRisk,
    tags: [{ id: "1", slug: "sports", label: "Sports" }, tag],
    markets,
  };
}
