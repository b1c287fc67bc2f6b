import { createHash } from "node:crypto";
import { ONE_DOLLAR_UNITS, intToDecimal } from "@arb/domain";
import type { BookSide } from "../exchange/book.js";
import { levelsOf } from "../exchange/book.js";
import type { FillRecord, MarketState, OrderRecord, TradeRecord } from "../exchange/kalshi.js";
import type { EventFeeOverride } from "../exchange/fee-override.js";
import type { Position } from "../exchange/ledger.js";
import { dollars, fp, iso, money, positionTotals, topOfBook } from "./format.js";
import type { KalshiDialect } from "../runtime/endpoint.js";

/**
 * Message bodies of the Kalshi WS channels in both wire flavors: "current" (fixed-point `*_dollars` /
 * `*_fp`, fixtures ws/) and "legacy" (pre-2026 integer cents and counts, fixtures ws-legacy-2026-01/).
 */
const outcome = (side: BookSide): "yes" | "no" => (side === "bid" ? "yes" : "no");
const cents = (units: number): number => Math.round(units / 100);
const legacyDollars = (units: number): string => (units % 10 === 0 ? intToDecimal(units / 10, 3) : intToDecimal(units, 4));
const contracts = (hundredths: number): number => Math.trunc(hundredths / 100);

/** A stable market UUID derived from the ticker. */
function marketId(ticker: string): string {
  const h = createHash("sha1").update(ticker).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Book side → the channel's side and price: NO bids on the NO leg unless use_yes_price. */
function wireLevel(side: BookSide, priceUnits: number, useYesPrice: boolean): { side: "yes" | "no"; priceUnits: number } {
  return side === "bid" ? { side: "yes", priceUnits } : { side: "no", priceUnits: useYesPrice ? priceUnits : ONE_DOLLAR_UNITS - priceUnits };
}

export function snapshotMsg(m: MarketState, flavor: KalshiDialect, useYesPrice: boolean): Record<string, unknown> {
  const yes = levelsOf(m.book.bids).reverse();
  const no = levelsOf(m.book.asks)
    .map((l) => ({ priceUnits: wireLevel("ask", l.priceUnits, useYesPrice).priceUnits, sizeHundredths: l.sizeHundredths }))
    .sort((a, b) => a.priceUnits - b.priceUnits);
  if (flavor === "legacy") {
    const out: Record<string, unknown> = { market_ticker: m.ticker };
    if (yes.length > 0) {
      out["yes"] = yes.map((l) => [cents(l.priceUnits), contracts(l.sizeHundredths)]);
      out["yes_dollars"] = yes.map((l) => [legacyDollars(l.priceUnits), contracts(l.sizeHundredths)]);
    }
    if (no.length > 0) {
      out["no"] = no.map((l) => [cents(l.priceUnits), contracts(l.sizeHundredths)]);
      out["no_dollars"] = no.map((l) => [legacyDollars(l.priceUnits), contracts(l.sizeHundredths)]);
    }
    return out;
  }
  const out: Record<string, unknown> = { market_ticker: m.ticker, market_id: marketId(m.ticker) };
  if (yes.length > 0) out["yes_dollars_fp"] = yes.map((l) => [dollars(l.priceUnits), fp(l.sizeHundredths)]);
  if (no.length > 0) out["no_dollars_fp"] = no.map((l) => [dollars(l.priceUnits), fp(l.sizeHundredths)]);
  return out;
}

export function deltaMsg(
  ticker: string,
  side: BookSide,
  priceUnits: number,
  deltaHundredths: number,
  tsMs: number,
  flavor: KalshiDialect,
  useYesPrice: boolean,
  clientOrderId: string | undefined,
): Record<string, unknown> {
  const w = wireLevel(side, priceUnits, useYesPrice);
  const mine = clientOrderId === undefined ? {} : { client_order_id: clientOrderId };
  if (flavor === "legacy") {
    return {
      market_ticker: ticker,
      price: cents(w.priceUnits),
      price_dollars: legacyDollars(w.priceUnits),
      delta: contracts(deltaHundredths),
      side: w.side,
      ...mine,
    };
  }
  return {
    market_ticker: ticker,
    market_id: marketId(ticker),
    price_dollars: dollars(w.priceUnits),
    delta_fp: fp(deltaHundredths),
    side: w.side,
    ...mine,
    ts: iso(tsMs),
    ts_ms: tsMs,
  };
}

export function tickerMsg(m: MarketState, tsMs: number, flavor: KalshiDialect): Record<string, unknown> {
  const { bid, ask } = topOfBook(m);
  const yesBid = bid?.priceUnits ?? 0;
  const yesAsk = ask?.priceUnits ?? ONE_DOLLAR_UNITS;
  const dollarVolume = Math.floor((m.volumeHundredths * m.lastPriceUnits) / 1_000_000);
  const dollarOi = Math.floor(m.openInterestHundredths / 100);
  if (flavor === "legacy") {
    return {
      market_ticker: m.ticker,
      price: cents(m.lastPriceUnits),
      yes_bid: cents(yesBid),
      yes_ask: cents(yesAsk),
      price_dollars: legacyDollars(m.lastPriceUnits),
      yes_bid_dollars: legacyDollars(yesBid),
      no_bid_dollars: legacyDollars(ONE_DOLLAR_UNITS - yesAsk),
      volume: contracts(m.volumeHundredths),
      open_interest: contracts(m.openInterestHundredths),
      dollar_volume: dollarVolume,
      dollar_open_interest: dollarOi,
      ts: Math.floor(tsMs / 1000),
    };
  }
  return {
    market_ticker: m.ticker,
    market_id: marketId(m.ticker),
    price_dollars: dollars(m.lastPriceUnits),
    yes_bid_dollars: dollars(yesBid),
    yes_ask_dollars: dollars(yesAsk),
    volume_fp: fp(m.volumeHundredths),
    open_interest_fp: fp(m.openInterestHundredths),
    dollar_volume: dollarVolume,
    dollar_open_interest: dollarOi,
    yes_bid_size_fp: fp(bid?.sizeHundredths ?? 0),
    yes_ask_size_fp: fp(ask?.sizeHundredths ?? 0),
    last_trade_size_fp: fp(m.lastTradeHundredths),
    ts: Math.floor(tsMs / 1000),
    ts_ms: tsMs,
    time: iso(tsMs),
  };
}

export function tradeMsg(t: TradeRecord, flavor: KalshiDialect): Record<string, unknown> {
  const no = ONE_DOLLAR_UNITS - t.yesPriceUnits;
  if (flavor === "legacy") {
    return {
      market_ticker: t.ticker,
      yes_price: cents(t.yesPriceUnits),
      yes_price_dollars: legacyDollars(t.yesPriceUnits),
      no_price: cents(no),
      no_price_dollars: legacyDollars(no),
      count: contracts(t.countHundredths),
      taker_side: outcome(t.takerSide),
      ts: Math.floor(t.tsMs / 1000),
    };
  }
  return {
    trade_id: t.tradeId,
    market_ticker: t.ticker,
    yes_price_dollars: dollars(t.yesPriceUnits),
    no_price_dollars: dollars(no),
    count_fp: fp(t.countHundredths),
    taker_side: outcome(t.takerSide),
    taker_outcome_side: outcome(t.takerSide),
    taker_book_side: t.takerSide,
    is_block_trade: false,
    ts: Math.floor(t.tsMs / 1000),
    ts_ms: t.tsMs,
  };
}

export function fillMsg(f: FillRecord, flavor: KalshiDialect): Record<string, unknown> {
  if (flavor === "legacy") {
    return {
      trade_id: f.tradeId,
      order_id: f.orderId,
      market_ticker: f.ticker,
      is_taker: f.isTaker,
      side: outcome(f.side),
      yes_price: cents(f.yesPriceUnits),
      yes_price_dollars: legacyDollars(f.yesPriceUnits),
      count: contracts(f.countHundredths),
      action: "buy",
      ts: Math.floor(f.tsMs / 1000),
      post_position: contracts(f.postPositionHundredths),
    };
  }
  return {
    trade_id: f.tradeId,
    order_id: f.orderId,
    market_ticker: f.ticker,
    exchange_index: 0,
    is_taker: f.isTaker,
    side: outcome(f.side),
    yes_price_dollars: dollars(f.yesPriceUnits),
    count_fp: fp(f.countHundredths),
    fee_cost: money(f.feeMicros),
    action: "buy",
    outcome_side: outcome(f.side),
    book_side: f.side,
    ts: Math.floor(f.tsMs / 1000),
    ts_ms: f.tsMs,
    ...(f.clientOrderId === "" ? {} : { client_order_id: f.clientOrderId }),
    post_position_fp: fp(f.postPositionHundredths),
    purchased_side: outcome(f.side),
    subaccount: 0,
  };
}

export function userOrderMsg(o: OrderRecord): Record<string, unknown> {
  return {
    order_id: o.orderId,
    user_id: o.accountId,
    ticker: o.ticker,
    status: o.status,
    side: outcome(o.side),
    is_yes: o.side === "bid",
    outcome_side: outcome(o.side),
    book_side: o.side,
    yes_price_dollars: dollars(o.priceUnits),
    fill_count_fp: fp(o.filledHundredths),
    remaining_count_fp: fp(o.remainingHundredths),
    initial_count_fp: fp(o.initialHundredths),
    taker_fill_cost_dollars: money(o.takerFillCostMicros),
    maker_fill_cost_dollars: money(o.makerFillCostMicros),
    taker_fees_dollars: money(o.takerFeesMicros),
    maker_fees_dollars: money(o.makerFeesMicros),
    client_order_id: o.clientOrderId,
    self_trade_prevention_type: o.selfTradePrevention,
    created_time: iso(o.createdMs),
    created_ts_ms: o.createdMs,
    subaccount_number: 0,
  };
}

export function marketPositionMsg(accountId: string, ticker: string, p: Position, fills: readonly FillRecord[]): Record<string, unknown> {
  const { costMicros, feesMicros, tradedHundredths } = positionTotals(ticker, fills);
  return {
    user_id: accountId,
    market_ticker: ticker,
    position_fp: fp(p.yesHundredths - p.noHundredths),
    position_cost_dollars: money(costMicros),
    realized_pnl_dollars: money(0),
    fees_paid_dollars: money(feesMicros),
    position_fee_cost_dollars: money(feesMicros),
    volume_fp: fp(tradedHundredths),
  };
}

export function lifecycleMsg(m: MarketState, tsMs: number): Record<string, unknown> {
  const base = { market_ticker: m.ticker, exchange_index: 0 };
  if (m.status === "closed") return { ...base, event_type: "deactivated", is_deactivated: true, ts_ms: tsMs };
  if (m.status === "finalized") return { ...base, event_type: "settled", result: m.result, settled_ts: Math.floor(tsMs / 1000), ts_ms: tsMs };
  return { ...base, event_type: "activated", ts_ms: tsMs };
}

/** `event_fee_update` (market_lifecycle_v2 channel): the override's type and multiplier, both null once cleared. */
export function eventFeeUpdateMsg(eventTicker: string, o: EventFeeOverride | undefined): Record<string, unknown> {
  return {
    event_ticker: eventTicker,
    fee_type_override: o?.feeType ?? null,
    fee_multiplier_override: o === undefined ? null : Number(intToDecimal(o.multiplierMillionths, 6)),
  };
}
