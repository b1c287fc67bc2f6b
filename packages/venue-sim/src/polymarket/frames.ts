import type { BookSide } from "../exchange/book.js";
import type { PolyMarketState, PolyTrade, TokenIndex } from "../exchange/polymarket.js";
import { bookHash, price, shares } from "./format.js";
import type { TokenBookView } from "./format.js";
import type { PolymarketDialect } from "../runtime/endpoint.js";

/** A Polymarket market-channel dialect (see runtime/endpoint.ts). */
export type PolymarketFlavor = PolymarketDialect;

export interface LevelChange {
  readonly assetId: string;
  readonly priceUnits: number;
  /** The new absolute size (0 removes the level). */
  readonly sizeHundredths: number;
  readonly side: "BUY" | "SELL";
}

/** A YES-space level change as the two tokens' own book changes (token 1 mirrors token 0). */
export function tokenChanges(m: PolyMarketState, side: BookSide, yesPriceUnits: number, sizeHundredths: number): [LevelChange, LevelChange] {
  return [
    { assetId: m.tokenIds[0], priceUnits: yesPriceUnits, sizeHundredths, side: side === "bid" ? "BUY" : "SELL" },
    { assetId: m.tokenIds[1], priceUnits: 10_000 - yesPriceUnits, sizeHundredths, side: side === "bid" ? "SELL" : "BUY" },
  ];
}

const best = (levels: readonly (readonly [number, number])[]): number | undefined => levels[0]?.[0];

/** Best bid and ask of a token as the venue writes them: "0" with no bids, "1" with no asks. */
export function bestOf(book: TokenBookView): { bid: string; ask: string } {
  const b = best(book.bids);
  const a = best(book.asks);
  return { bid: b === undefined ? "0" : price(b), ask: a === undefined ? "1" : price(a) };
}

/** The current `price_change`: one event per market, entries for either token, absolute sizes, per-entry hash. */
export function priceChangeFrame(
  m: PolyMarketState,
  changes: readonly LevelChange[],
  books: ReadonlyMap<string, TokenBookView>,
  tsMs: number,
): Record<string, unknown> {
  return {
    event_type: "price_change",
    market: m.conditionId,
    price_changes: changes.map((c) => {
      const book = books.get(c.assetId) ?? { bids: [], asks: [] };
      const top = bestOf(book);
      return {
        asset_id: c.assetId,
        price: price(c.priceUnits),
        size: shares(c.sizeHundredths),
        side: c.side,
        hash: bookHash(c.assetId, tsMs, book.bids, book.asks),
        best_bid: top.bid,
        best_ask: top.ask,
      };
    }),
    timestamp: String(tsMs),
  };
}

/** The legacy flat `price_change`: one event per asset with a `changes` array and one hash. */
export function legacyPriceChangeFrames(
  m: PolyMarketState,
  changes: readonly LevelChange[],
  books: ReadonlyMap<string, TokenBookView>,
  tsMs: number,
): Record<string, unknown>[] {
  const byAsset = new Map<string, LevelChange[]>();
  for (const c of changes) byAsset.set(c.assetId, [...(byAsset.get(c.assetId) ?? []), c]);
  return [...byAsset].map(([assetId, list]) => {
    const book = books.get(assetId) ?? { bids: [], asks: [] };
    return {
      event_type: "price_change",
      asset_id: assetId,
      market: m.conditionId,
      changes: list.map((c) => ({ price: price(c.priceUnits), side: c.side, size: shares(c.sizeHundredths) })),
      hash: bookHash(assetId, tsMs, book.bids, book.asks),
      timestamp: String(tsMs),
    };
  });
}

/** The peer dialect's `price_change`: one flat event per level change, {asset_id, price, size, side} at the top. */
export function peerPriceChangeFrames(
  m: PolyMarketState,
  changes: readonly LevelChange[],
  books: ReadonlyMap<string, TokenBookView>,
  tsMs: number,
): Record<string, unknown>[] {
  return changes.map((c) => {
    const book = books.get(c.assetId) ?? { bids: [], asks: [] };
    return {
      event_type: "price_change",
      asset_id: c.assetId,
      market: m.conditionId,
      price: price(c.priceUnits),
      size: shares(c.sizeHundredths),
      side: c.side,
      hash: bookHash(c.assetId, tsMs, book.bids, book.asks),
      timestamp: String(tsMs),
    };
  });
}

/**
 * One step's events for one connection as the messages its dialect sends: the venue's own way (one event alone,
 * several as one array), or the peer dialect's (each event a message of its own, `book` events always in an array).
 */
export function packEvents(dialect: PolymarketDialect, events: readonly Record<string, unknown>[]): string[] {
  if (events.length === 0) return [];
  if (dialect !== "peer") return [JSON.stringify(events.length === 1 ? events[0] : events)];
  const out: string[] = [];
  let books: Record<string, unknown>[] = [];
  for (const e of events) {
    if (e["event_type"] === "book") {
      books.push(e);
      continue;
    }
    if (books.length > 0) out.push(JSON.stringify(books));
    books = [];
    out.push(JSON.stringify(e));
  }
  if (books.length > 0) out.push(JSON.stringify(books));
  return out;
}

export function lastTradeFrame(m: PolyMarketState, t: PolyTrade, tokenIndex: TokenIndex): Record<string, unknown> {
  const taker = tokenIndex === t.takerTokenIndex;
  return {
    event_type: "last_trade_price",
    asset_id: m.tokenIds[tokenIndex],
    market: m.conditionId,
    price: price(taker ? t.takerPriceUnits : t.makerPriceUnits),
    size: shares(t.sizeHundredths),
    side: taker ? t.takerSide : t.makerSide,
    fee_rate_bps: String(t.feeRateBps),
    timestamp: String(t.tsMs),
  };
}

export function bestBidAskFrame(m: PolyMarketState, assetId: string, book: TokenBookView, tsMs: number): Record<string, unknown> {
  const top = bestOf(book);
  const b = best(book.bids) ?? 0;
  const a = best(book.asks) ?? 10_000;
  return {
    event_type: "best_bid_ask",
    market: m.conditionId,
    asset_id: assetId,
    best_bid: top.bid,
    best_ask: top.ask,
    spread: price(a - b),
    timestamp: String(tsMs),
  };
}

export function tickSizeFrame(m: PolyMarketState, assetId: string, oldTick: number, newTick: number, tsMs: number): Record<string, unknown> {
  return {
    event_type: "tick_size_change",
    asset_id: assetId,
    market: m.conditionId,
    old_tick_size: price(oldTick),
    new_tick_size: price(newTick),
    timestamp: String(tsMs),
  };
}

export function resolvedFrame(m: PolyMarketState, marketId: string, winningOutcome: string, tsMs: number): Record<string, unknown> | undefined {
  if (m.winner === undefined) return undefined;
  return {
    event_type: "market_resolved",
    id: marketId,
    market: m.conditionId,
    assets_ids: [...m.tokenIds],
    winning_asset_id: m.tokenIds[m.winner],
    winning_outcome: winningOutcome,
    timestamp: String(tsMs),
  };
}

/** Garbage a client must count and drop: truncated JSON, then an event of the wrong shape. */
export const MALFORMED = [
  '{"event_type":"price_change","market":"0x',
  '[{"event_type":"book","asset_id":42,"market":null,"bids":"none","asks":[],"timestamp":"soon","hash":7}]',
];
