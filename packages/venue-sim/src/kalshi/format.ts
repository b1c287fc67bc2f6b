import { ONE_DOLLAR_UNITS, intToDecimal } from "@arb/domain";
import { type Level, levelsOf } from "../exchange/book.js";
import type { FillRecord, MarketState, OrderRecord } from "../exchange/kalshi.js";
import type { Position } from "../exchange/ledger.js";
import type { Game } from "../generator/games.js";

/** Kalshi fixed-point strings: prices "0.4200", counts "10.00", money with 4 decimals unless it needs 6. */
export const dollars = (units: number): string => intToDecimal(units, 4);
export const fp = (hundredths: number): string => intToDecimal(hundredths, 2);
export const money = (micros: number): string => (micros % 100 === 0 ? intToDecimal(micros / 100, 4) : intToDecimal(micros, 6));
export const iso = (ms: number): string => new Date(ms).toISOString();

const outcome = (side: "bid" | "ask"): "yes" | "no" => (side === "bid" ? "yes" : "no");

export function orderJson(o: OrderRecord): Record<string, unknown> {
  return {
    order_id: o.orderId,
    user_id: o.accountId,
    client_order_id: o.clientOrderId,
    ticker: o.ticker,
    side: outcome(o.side),
    action: "buy",
    outcome_side: outcome(o.side),
    book_side: o.side,
    type: "limit",
    status: o.status,
    yes_price_dollars: dollars(o.priceUnits),
    no_price_dollars: dollars(ONE_DOLLAR_UNITS - o.priceUnits),
    fill_count_fp: fp(o.filledHundredths),
    remaining_count_fp: fp(o.remainingHundredths),
    initial_count_fp: fp(o.initialHundredths),
    taker_fees_dollars: money(o.takerFeesMicros),
    maker_fees_dollars: money(o.makerFeesMicros),
    taker_fill_cost_dollars: money(o.takerFillCostMicros),
    maker_fill_cost_dollars: money(o.makerFillCostMicros),
    expiration_time: null,
    created_time: iso(o.createdMs),
    last_update_time: iso(o.updatedMs),
    self_trade_prevention_type: o.selfTradePrevention,
    order_group_id: null,
    cancel_order_on_pause: o.cancelOnPause,
    subaccount_number: 0,
    exchange_index: 0,
  };
}

export function fillJson(f: FillRecord): Record<string, unknown> {
  return {
    fill_id: f.fillId,
    exchange_index: 0,
    trade_id: f.tradeId,
    order_id: f.orderId,
    client_order_id: f.clientOrderId,
    ticker: f.ticker,
    market_ticker: f.ticker,
    side: outcome(f.side),
    action: "buy",
    outcome_side: outcome(f.side),
    book_side: f.side,
    count_fp: fp(f.countHundredths),
    yes_price_dollars: dollars(f.yesPriceUnits),
    no_price_dollars: dollars(ONE_DOLLAR_UNITS - f.yesPriceUnits),
    is_taker: f.isTaker,
    created_time: iso(f.tsMs),
    fee_cost: money(f.feeMicros),
    ts: Math.floor(f.tsMs / 1000),
  };
}

/** Top of the single YES book: best YES bid, and the best YES ask (= $1 − best NO bid). */
export function topOfBook(m: MarketState): { bid: Level | undefined; ask: Level | undefined } {
  return { bid: levelsOf(m.book.bids)[0], ask: levelsOf(m.book.asks)[0] };
}

export function marketJson(m: MarketState, game: Game): Record<string, unknown> {
  const gm = game.markets.find((x) => x.ticker === m.ticker);
  const { bid, ask } = topOfBook(m);
  const yesBid = bid?.priceUnits ?? 0;
  const yesAsk = ask?.priceUnits ?? ONE_DOLLAR_UNITS;
  const status = m.status;
  return {
    ticker: m.ticker,
    event_ticker: m.eventTicker,
    market_type: "binary",
    title: game.title,
    subtitle: gm?.yesSubTitle ?? "",
    yes_sub_title: gm?.yesSubTitle ?? "",
    no_sub_title: gm?.noSubTitle ?? "",
    created_time: iso(game.startMs - 86_400_000),
    updated_time: iso(game.startMs - 86_400_000),
    open_time: iso(game.startMs - 86_400_000),
    close_time: iso(game.endMs),
    expected_expiration_time: iso(game.settleMs),
    expiration_time: iso(game.settleMs),
    latest_expiration_time: iso(game.settleMs + 14 * 86_400_000),
    settlement_timer_seconds: Math.round((game.settleMs - game.endMs) / 1000),
    status,
    yes_bid_dollars: dollars(yesBid),
    yes_ask_dollars: dollars(yesAsk),
    no_bid_dollars: dollars(ONE_DOLLAR_UNITS - yesAsk),
    no_ask_dollars: dollars(ONE_DOLLAR_UNITS - yesBid),
    yes_bid_size_fp: fp(bid?.sizeHundredths ?? 0),
    yes_ask_size_fp: fp(ask?.sizeHundredths ?? 0),
    last_price_dollars: dollars(m.lastPriceUnits),
    previous_yes_bid_dollars: dollars(0),
    previous_yes_ask_dollars: dollars(0),
    previous_price_dollars: dollars(0),
    volume_fp: fp(m.volumeHundredths),
    volume_24h_fp: fp(m.volumeHundredths),
    open_interest_fp: fp(m.openInterestHundredths),
    notional_value_dollars: dollars(ONE_DOLLAR_UNITS),
    liquidity_dollars: dollars(0),
    result: m.result,
    settlement_value_dollars: m.result === "" ? null : dollars(m.result === "yes" ? ONE_DOLLAR_UNITS : 0),
    can_close_early: true,
    expiration_value: "",
    rules_primary: `If ${gm?.yesSubTitle ?? "the team"} wins the ${game.away.name} vs ${game.home.name} game, then the market resolves to Yes.`,
    rules_secondary: "",
    price_level_structure: "linear_cent",
    price_ranges: [{ start: "0.0000", end: "1.0000", step: dollars(m.tickUnits) }],
    exchange_index: 0,
  };
}

export function eventJson(game: Game, nested: readonly Record<string, unknown>[] | undefined): Record<string, unknown> {
  return {
    event_ticker: game.eventTicker,
    series_ticker: game.seriesTicker,
    title: game.title,
    sub_title: `${game.away.code} at ${game.home.code} (${iso(game.startMs).slice(0, 10)})`,
    category: "Sports",
    mutually_exclusive: true,
    collateral_return_type: "MECNET",
    strike_date: iso(game.startMs),
    ...(nested === undefined ? {} : { markets: nested }),
  };
}

export function seriesJson(ticker: string, league: string, takerRatePpm: number, makerRatePpm: number): Record<string, unknown> {
  return {
    ticker,
    title: `${league} Game`,
    category: "Sports",
    frequency: "custom",
    tags: [league],
    fee_type: makerRatePpm > 0 ? "quadratic_with_maker_fees" : "quadratic",
    fee_multiplier: takerRatePpm / 70_000,
    settlement_sources: [],
    contract_url: "",
  };
}

/** REST `orderbook_fp`: bids only, ascending, so the best is last; NO bids priced on the NO leg. */
export function orderbookFp(m: MarketState, depth: number | undefined): { yes_dollars: string[][]; no_dollars: string[][] } {
  const yes = levelsOf(m.book.bids);
  const no = levelsOf(m.book.asks).map((l) => ({ priceUnits: ONE_DOLLAR_UNITS - l.priceUnits, sizeHundredths: l.sizeHundredths }));
  const side = (levels: Level[]) =>
    (depth === undefined || depth <= 0 ? levels : levels.slice(0, depth)).reverse().map((l) => [dollars(l.priceUnits), fp(l.sizeHundredths)]);
  return { yes_dollars: side(yes), no_dollars: side(no) };
}

/** What an account paid into a market: notional (cash out less fees), fees, contracts traded. */
export function positionTotals(
  ticker: string,
  fills: readonly FillRecord[],
): { costMicros: number; feesMicros: number; tradedHundredths: number; lastMs: number } {
  let costMicros = 0;
  let feesMicros = 0;
  let tradedHundredths = 0;
  let lastMs = 0;
  for (const f of fills) {
    if (f.ticker !== ticker) continue;
    costMicros += -f.balanceChangeMicros - f.feeMicros;
    feesMicros += f.feeMicros;
    tradedHundredths += f.countHundredths;
    lastMs = f.tsMs;
  }
  return { costMicros, feesMicros, tradedHundredths, lastMs };
}

export function positionJson(ticker: string, p: Position, fills: readonly FillRecord[], restingCount: number): Record<string, unknown> {
  const { costMicros: cost, feesMicros: fees, tradedHundredths: traded, lastMs } = positionTotals(ticker, fills);
  return {
    ticker,
    position_fp: fp(p.yesHundredths - p.noHundredths),
    market_exposure_dollars: money(cost),
    realized_pnl_dollars: money(0),
    fees_paid_dollars: money(fees),
    total_traded_dollars: money(cost),
    volume_fp: fp(traded),
    resting_orders_count: restingCount,
    last_updated_ts: iso(lastMs),
  };
}
