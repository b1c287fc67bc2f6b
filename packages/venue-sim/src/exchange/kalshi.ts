import { ONE_DOLLAR_UNITS, type VenueOrderStatus, kalshiSchedule, kalshiTradeFeeMicros } from "@arb/domain";
import { type Book, type BookSide, EMPTY_BOOK, type SelfTradePrevention, type SideLevels, type TimeInForce } from "./book.js";
import type { HouseExchange, VenueStep } from "./house.js";
import { type Account, FLAT, applyFill, applySettlement, notionalMicros } from "./ledger.js";
import { type BookEvent, type CancelReason, applyBookCommand } from "./matching.js";
import { netLevelChanges } from "./net-levels.js";
import { type VenueOps, cancelWhere, closeMarket, replaceLevels } from "./venue-ops.js";

/**
 * The venue's matching and clearing state: markets with their books, accounts, orders, fills.
 * Deterministic: time (nowMs) and ids come in from the caller, so the same calls give the same events.
 * Books and accounts are immutable values replaced on each step; the maps that index them are the only
 * mutable state, and nothing here does I/O.
 */
export type MarketStatus = "active" | "closed" | "finalized";
export type OrderStatus = VenueOrderStatus;

export interface MarketConfig {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly takerRatePpm: number;
  readonly makerRatePpm: number;
  readonly tickUnits: number;
}

export interface MarketState extends MarketConfig {
  readonly book: Book;
  readonly status: MarketStatus;
  readonly result: "yes" | "no" | "";
  readonly volumeHundredths: number;
  readonly openInterestHundredths: number;
  readonly lastPriceUnits: number;
  readonly lastTradeHundredths: number;
}

export interface OrderRecord {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly priceUnits: number;
  readonly initialHundredths: number;
  readonly filledHundredths: number;
  readonly remainingHundredths: number;
  readonly status: OrderStatus;
  readonly timeInForce: TimeInForce;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly cancelOnPause: boolean;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly takerFeesMicros: number;
  readonly makerFeesMicros: number;
  readonly takerFillCostMicros: number;
  readonly makerFillCostMicros: number;
  /** Σ yes price × count over fills, for the volume-weighted average fill price. */
  readonly fillYesNotionalMicros: number;
  readonly accumulatorMicros: number;
  readonly cancelReason?: CancelReason;
}

export interface FillRecord {
  readonly fillId: string;
  readonly tradeId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly yesPriceUnits: number;
  readonly countHundredths: number;
  readonly isTaker: boolean;
  readonly feeMicros: number;
  readonly balanceChangeMicros: number;
  readonly tsMs: number;
  /** YES minus NO held after the fill, the venue's signed position. */
  readonly postPositionHundredths: number;
}

export interface TradeRecord {
  readonly tradeId: string;
  readonly ticker: string;
  readonly yesPriceUnits: number;
  readonly countHundredths: number;
  readonly takerSide: BookSide;
  readonly tsMs: number;
}

export type ExchangeEvent =
  | { readonly kind: "order.changed"; readonly order: OrderRecord }
  | { readonly kind: "fill.booked"; readonly fill: FillRecord }
  | { readonly kind: "trade.printed"; readonly trade: TradeRecord }
  | {
      readonly kind: "book.changed";
      readonly ticker: string;
      readonly side: BookSide;
      readonly priceUnits: number;
      readonly deltaHundredths: number;
      readonly tsMs: number;
      readonly cause?: { readonly accountId: string; readonly clientOrderId: string };
    }
  | { readonly kind: "market.changed"; readonly market: MarketState }
  | { readonly kind: "account.settled"; readonly accountId: string; readonly ticker: string; readonly payoutMicros: number };

type BookChanged = Extract<ExchangeEvent, { readonly kind: "book.changed" }>;

/** Pure: a step's events with one book change per (ticker, side, price), its net (see netLevelChanges). A merged change
 *  keeps the client order id that caused it only when every part had the same one (the owner's own delta). */
export function netExchangeEvents(events: readonly ExchangeEvent[]): ExchangeEvent[] {
  return netLevelChanges(
    events,
    (e): e is BookChanged => e.kind === "book.changed",
    (d) => `${d.ticker}|${d.side}|${d.priceUnits}`,
    (parts, deltaHundredths) => {
      const { cause, ...head } = parts[0] as BookChanged;
      const shared = parts.every((p) => p.cause?.accountId === cause?.accountId && p.cause?.clientOrderId === cause?.clientOrderId);
      return shared && cause !== undefined ? { ...head, deltaHundredths, cause } : { ...head, deltaHundredths };
    },
  );
}

export type RejectCode =
  | "market_not_found"
  | "market_closed"
  | "trading_is_paused"
  | "invalid_price"
  | "invalid_order_size"
  | "order_already_exists"
  | "available_balance_too_low"
  | "post_only_cross";

export interface Rejection {
  readonly code: RejectCode;
  readonly message: string;
}

export interface OrderRequest {
  readonly accountId: string;
  readonly ticker: string;
  readonly side: BookSide;
  readonly priceUnits: number;
  readonly countHundredths: number;
  readonly timeInForce: TimeInForce;
  readonly selfTradePrevention: SelfTradePrevention;
  readonly postOnly: boolean;
  readonly cancelOnPause: boolean;
  readonly clientOrderId: string;
}

export type SubmitResult =
  | { readonly ok: true; readonly order: OrderRecord; readonly fills: readonly FillRecord[] }
  | { readonly ok: false; readonly rejection: Rejection };

export type KalshiStep<T> = VenueStep<T, ExchangeEvent>;

export interface AccountSpec {
  readonly accountId: string;
  readonly balanceMicros: number;
  readonly precisionMicros: number;
  /**
   * A simulated maker: skips the available-balance check and keeps only its working orders. It requotes every
   * tick and nobody looks its orders up by id (fills and trades carry the ids), so finished ones are dropped.
   */
  readonly house?: boolean;
}

export interface KalshiExchange extends HouseExchange<ExchangeEvent, OrderRequest, SubmitResult> {
  addMarket(config: MarketConfig): void;
  market(ticker: string): MarketState | undefined;
  markets(): readonly MarketState[];
  addAccount(spec: AccountSpec): void;
  account(accountId: string): Account | undefined;
  accounts(): readonly Account[];
  /** A user account's order in any state; a house account's only while it rests. */
  order(orderId: string): OrderRecord | undefined;
  /** A user account's orders, oldest first; a house account's resting ones. */
  ordersOf(accountId: string): readonly OrderRecord[];
  fillsOf(accountId: string): readonly FillRecord[];
  paused(): boolean;
  submit(req: OrderRequest, nowMs: number): KalshiStep<SubmitResult>;
  cancel(orderId: string, nowMs: number): KalshiStep<OrderRecord | undefined>;
  setPaused(paused: boolean, nowMs: number): KalshiStep<void>;
  closeMarket(ticker: string, nowMs: number): KalshiStep<void>;
  settleMarket(ticker: string, result: "yes" | "no", nowMs: number): KalshiStep<void>;
  /** New taker and maker rates for a market's next fills (an event fee override set or cleared). */
  setFees(ticker: string, takerRatePpm: number, makerRatePpm: number): void;
  replaceLevels(accountId: string, ticker: string, levels: SideLevels, nowMs: number): KalshiStep<void>;
}

export function createKalshiExchange(nextId: () => string): KalshiExchange {
  const marketsByTicker = new Map<string, MarketState>();
  const accountsById = new Map<string, Account>();
  const house = new Set<string>();
  const orders = new Map<string, OrderRecord>();
  /** House orders finished during the current operation; dropped once it returns, so its steps still see them. */
  const finishedHouse: string[] = [];
  const ordersByAccount = new Map<string, string[]>();
  const restingByAccount = new Map<string, Set<string>>();
  const fillsByAccount = new Map<string, FillRecord[]>();
  const clientIds = new Map<string, string>();
  let isPaused = false;

  const clientKey = (accountId: string, clientOrderId: string): string => `${accountId}\u0000${clientOrderId}`;

  function putOrder(o: OrderRecord): void {
    orders.set(o.orderId, o);
    const resting = restingByAccount.get(o.accountId);
    if (resting !== undefined) {
      if (o.status === "resting") resting.add(o.orderId);
      else resting.delete(o.orderId);
    }
    if (o.status !== "resting" && house.has(o.accountId)) finishedHouse.push(o.orderId);
  }

  /** Ends a public operation: the house's finished orders leave the maps. */
  function forgetFinished<T>(step: T): T {
    for (const id of finishedHouse) orders.delete(id);
    finishedHouse.length = 0;
    return step;
  }

  function maxRatePpm(m: MarketConfig): number {
    return Math.max(m.takerRatePpm, m.makerRatePpm);
  }

  /** Cash an order could still consume: notional at its limit, the worst fee, one rounding step. */
  function reservedMicros(o: OrderRecord, acct: Account, m: MarketConfig): number {
    if (o.remainingHundredths === 0) return 0;
    return (
      notionalMicros(o.side, o.priceUnits, o.remainingHundredths) +
      kalshiTradeFeeMicros(o.remainingHundredths, o.priceUnits, maxRatePpm(m)) +
      acct.precisionMicros
    );
  }

  function availableMicros(acct: Account): number {
    let held = 0;
    for (const id of restingByAccount.get(acct.accountId) ?? []) {
      const o = orders.get(id);
      const m = o === undefined ? undefined : marketsByTicker.get(o.ticker);
      if (o !== undefined && m !== undefined) held += reservedMicros(o, acct, m);
    }
    return acct.balanceMicros - held;
  }

  function validate(req: OrderRequest, m: MarketState | undefined): Rejection | undefined {
    if (m === undefined) return { code: "market_not_found", message: `market ${req.ticker} not found` };
    if (m.status !== "active") return { code: "market_closed", message: `market ${req.ticker} is ${m.status}` };
    if (isPaused) return { code: "trading_is_paused", message: "trading is paused" };
    if (!Number.isInteger(req.priceUnits) || req.priceUnits <= 0 || req.priceUnits >= ONE_DOLLAR_UNITS || req.priceUnits % m.tickUnits !== 0) {
      return { code: "invalid_price", message: "price is off the market's price grid or outside (0, 1)" };
    }
    if (!Number.isInteger(req.countHundredths) || req.countHundredths <= 0) return { code: "invalid_order_size", message: "count must be positive" };
    if (req.clientOrderId !== "" && clientIds.has(clientKey(req.accountId, req.clientOrderId))) {
      return { code: "order_already_exists", message: "client_order_id already used" };
    }
    const acct = accountsById.get(req.accountId);
    if (acct === undefined) return { code: "available_balance_too_low", message: "unknown account" };
    if (!house.has(req.accountId)) {
      const probe = newOrder(req, "", 0);
      if (reservedMicros(probe, acct, m) > availableMicros(acct)) {
        return { code: "available_balance_too_low", message: "insufficient available balance for the order" };
      }
    }
    return undefined;
  }

  function newOrder(req: OrderRequest, orderId: string, nowMs: number): OrderRecord {
    return {
      orderId,
      clientOrderId: req.clientOrderId,
      accountId: req.accountId,
      ticker: req.ticker,
      side: req.side,
      priceUnits: req.priceUnits,
      initialHundredths: req.countHundredths,
      filledHundredths: 0,
      remainingHundredths: req.countHundredths,
      status: "resting",
      timeInForce: req.timeInForce,
      selfTradePrevention: req.selfTradePrevention,
      cancelOnPause: req.cancelOnPause,
      createdMs: nowMs,
      updatedMs: nowMs,
      takerFeesMicros: 0,
      makerFeesMicros: 0,
      takerFillCostMicros: 0,
      makerFillCostMicros: 0,
      fillYesNotionalMicros: 0,
      accumulatorMicros: 0,
    };
  }

  /** Books one side of a trade: ledger, order totals, fill record. */
  function bookFill(o: OrderRecord, m: MarketState, tradeId: string, priceUnits: number, size: number, isTaker: boolean, nowMs: number): FillRecord {
    const acct = accountsById.get(o.accountId);
    if (acct === undefined) throw new Error(`order ${o.orderId} has no account`);
    const rate = isTaker ? m.takerRatePpm : m.makerRatePpm;
    const tradeFeeMicros = rate > 0 ? kalshiTradeFeeMicros(size, priceUnits, rate) : 0;
    const { account, charge } = applyFill(acct, {
      ticker: m.ticker,
      side: o.side,
      yesPriceUnits: priceUnits,
      countHundredths: size,
      tradeFeeMicros,
      accumulatorMicros: o.accumulatorMicros,
    });
    accountsById.set(account.accountId, account);
    const cost = notionalMicros(o.side, priceUnits, size);
    const filled = o.filledHundredths + size;
    const remaining = o.remainingHundredths - size;
    putOrder({
      ...o,
      filledHundredths: filled,
      remainingHundredths: remaining,
      status: remaining === 0 ? "executed" : o.status,
      updatedMs: nowMs,
      takerFeesMicros: o.takerFeesMicros + (isTaker ? charge.netFeeMicros : 0),
      makerFeesMicros: o.makerFeesMicros + (isTaker ? 0 : charge.netFeeMicros),
      takerFillCostMicros: o.takerFillCostMicros + (isTaker ? cost : 0),
      makerFillCostMicros: o.makerFillCostMicros + (isTaker ? 0 : cost),
      fillYesNotionalMicros: o.fillYesNotionalMicros + priceUnits * size,
      accumulatorMicros: charge.accumulatorMicros,
    });
    const pos = account.positions.get(m.ticker) ?? FLAT;
    const fill: FillRecord = {
      fillId: `${tradeId}-${isTaker ? "t" : "m"}`,
      tradeId,
      orderId: o.orderId,
      clientOrderId: o.clientOrderId,
      accountId: o.accountId,
      ticker: m.ticker,
      side: o.side,
      yesPriceUnits: priceUnits,
      countHundredths: size,
      isTaker,
      feeMicros: charge.netFeeMicros,
      balanceChangeMicros: charge.balanceChangeMicros,
      tsMs: nowMs,
      postPositionHundredths: pos.yesHundredths - pos.noHundredths,
    };
    fillsByAccount.get(o.accountId)?.push(fill);
    return fill;
  }

  /** Applies a book command's events to orders, accounts and the market. */
  function absorb(ticker: string, bookEvents: readonly BookEvent[], nowMs: number, out: ExchangeEvent[], taker?: OrderRecord): FillRecord[] {
    const takerFills: FillRecord[] = [];
    for (const e of bookEvents) {
      const m = marketsByTicker.get(ticker);
      if (m === undefined) return takerFills;
      switch (e.kind) {
        case "trade.executed": {
          const tradeId = nextId();
          const t = orders.get(e.takerOrderId);
          const mk = orders.get(e.makerOrderId);
          if (t === undefined || mk === undefined) throw new Error("trade between unknown orders");
          const tf = bookFill(t, m, tradeId, e.priceUnits, e.sizeHundredths, true, nowMs);
          const mf = bookFill(mk, m, tradeId, e.priceUnits, e.sizeHundredths, false, nowMs);
          takerFills.push(tf);
          marketsByTicker.set(ticker, {
            ...m,
            volumeHundredths: m.volumeHundredths + e.sizeHundredths,
            openInterestHundredths: m.openInterestHundredths + e.sizeHundredths,
            lastPriceUnits: e.priceUnits,
            lastTradeHundredths: e.sizeHundredths,
          });
          const maker = orders.get(mk.orderId);
          if (maker !== undefined) out.push({ kind: "order.changed", order: maker });
          out.push(
            { kind: "fill.booked", fill: tf },
            { kind: "fill.booked", fill: mf },
            {
              kind: "trade.printed",
              trade: { tradeId, ticker, yesPriceUnits: e.priceUnits, countHundredths: e.sizeHundredths, takerSide: e.takerSide, tsMs: nowMs },
            },
          );
          break;
        }
        case "order.canceled": {
          const o = orders.get(e.orderId);
          if (o === undefined) break;
          const canceled: OrderRecord = { ...o, remainingHundredths: 0, status: "canceled", updatedMs: nowMs, cancelReason: e.reason };
          putOrder(canceled);
          out.push({ kind: "order.changed", order: canceled });
          break;
        }
        case "order.rested":
        case "order.unknown":
          break;
        case "level.changed": {
          const causer = taker;
          out.push({
            kind: "book.changed",
            ticker,
            side: e.side,
            priceUnits: e.priceUnits,
            deltaHundredths: e.deltaHundredths,
            tsMs: nowMs,
            ...(causer !== undefined && causer.clientOrderId !== "" ? { cause: { accountId: causer.accountId, clientOrderId: causer.clientOrderId } } : {}),
          });
          break;
        }
      }
    }
    return takerFills;
  }

  function runBook(ticker: string, cmd: Parameters<typeof applyBookCommand>[1]): readonly BookEvent[] {
    const m = marketsByTicker.get(ticker);
    if (m === undefined) return [];
    const step = applyBookCommand(m.book, cmd);
    marketsByTicker.set(ticker, { ...m, book: step.book });
    return step.events;
  }

  function submit(req: OrderRequest, nowMs: number): KalshiStep<SubmitResult> {
    const m = marketsByTicker.get(req.ticker);
    const rejection = validate(req, m);
    if (rejection !== undefined) return { result: { ok: false, rejection }, events: [] };
    const orderId = nextId();
    const created = newOrder(req, orderId, nowMs);
    putOrder(created);
    const listed = !house.has(req.accountId);
    if (listed) ordersByAccount.get(req.accountId)?.push(orderId);
    if (req.clientOrderId !== "") clientIds.set(clientKey(req.accountId, req.clientOrderId), orderId);
    const bookEvents = runBook(req.ticker, {
      kind: "order.submit",
      orderId,
      accountId: req.accountId,
      side: req.side,
      priceUnits: req.priceUnits,
      sizeHundredths: req.countHundredths,
      timeInForce: req.timeInForce,
      selfTradePrevention: req.selfTradePrevention,
      postOnly: req.postOnly,
    });
    const postOnlyCross = bookEvents.some((e) => e.kind === "order.canceled" && e.orderId === orderId && e.reason === "post_only_cross");
    if (postOnlyCross) {
      orders.delete(orderId);
      restingByAccount.get(req.accountId)?.delete(orderId);
      if (listed) ordersByAccount.get(req.accountId)?.pop();
      clientIds.delete(clientKey(req.accountId, req.clientOrderId));
      return { result: { ok: false, rejection: { code: "post_only_cross", message: "post only cross" } }, events: [] };
    }
    const events: ExchangeEvent[] = [];
    const fills = absorb(req.ticker, bookEvents, nowMs, events, created);
    const final = orders.get(orderId) ?? created;
    if (final.status !== "canceled") events.unshift({ kind: "order.changed", order: final });
    return { result: { ok: true, order: final, fills }, events };
  }

  function cancel(orderId: string, nowMs: number): KalshiStep<OrderRecord | undefined> {
    const o = orders.get(orderId);
    if (o === undefined || o.status !== "resting") return { result: undefined, events: [] };
    const events: ExchangeEvent[] = [];
    absorb(o.ticker, runBook(o.ticker, { kind: "order.cancel", orderId }), nowMs, events, o);
    return { result: orders.get(orderId), events };
  }

  function settleMarket(ticker: string, result: "yes" | "no", nowMs: number): KalshiStep<void> {
    const events: ExchangeEvent[] = [...closeMarket(ops, ticker, nowMs).events];
    const m = marketsByTicker.get(ticker);
    if (m === undefined || m.status === "finalized") return { result: undefined, events };
    for (const acct of accountsById.values()) {
      const settled = applySettlement(acct, ticker, result);
      if (settled.account === acct) continue;
      accountsById.set(acct.accountId, settled.account);
      events.push({ kind: "account.settled", accountId: acct.accountId, ticker, payoutMicros: settled.payoutMicros });
    }
    const final: MarketState = { ...m, status: "finalized", result, openInterestHundredths: 0 };
    marketsByTicker.set(ticker, final);
    events.push({ kind: "market.changed", market: final });
    return { result: undefined, events };
  }

  const ops: VenueOps<MarketState, OrderRecord, ExchangeEvent, OrderRequest> = {
    markets: marketsByTicker,
    orders,
    working: restingByAccount,
    marketOf: (o) => o.ticker,
    cancel,
    submit,
    levelOrder: (accountId, ticker, { side, priceUnits, sizeHundredths }) => ({
      accountId,
      ticker,
      side,
      priceUnits,
      countHundredths: sizeHundredths,
      timeInForce: "good_till_canceled",
      selfTradePrevention: "skip",
      postOnly: false,
      cancelOnPause: false,
      clientOrderId: "",
    }),
    closed: (m) => ({ ...m, status: "closed" }),
    marketChanged: (market) => ({ kind: "market.changed", market }),
  };

  return {
    addMarket(config) {
      marketsByTicker.set(config.ticker, {
        ...config,
        book: EMPTY_BOOK,
        status: "active",
        result: "",
        volumeHundredths: 0,
        openInterestHundredths: 0,
        lastPriceUnits: 0,
        lastTradeHundredths: 0,
      });
    },
    market: (ticker) => marketsByTicker.get(ticker),
    takerFees(ticker) {
      const m = marketsByTicker.get(ticker);
      return m === undefined ? undefined : kalshiSchedule(m.takerRatePpm);
    },
    markets: () => [...marketsByTicker.values()],
    addAccount(spec) {
      accountsById.set(spec.accountId, {
        accountId: spec.accountId,
        precisionMicros: spec.precisionMicros,
        balanceMicros: spec.balanceMicros,
        feesPaidMicros: 0,
        positions: new Map(),
      });
      if (spec.house === true) house.add(spec.accountId);
      ordersByAccount.set(spec.accountId, []);
      restingByAccount.set(spec.accountId, new Set());
      fillsByAccount.set(spec.accountId, []);
    },
    account: (id) => accountsById.get(id),
    accounts: () => [...accountsById.values()],
    order: (id) => orders.get(id),
    ordersOf: (id) => [...((house.has(id) ? restingByAccount.get(id) : ordersByAccount.get(id)) ?? [])].flatMap((oid) => orders.get(oid) ?? []),
    fillsOf: (id) => fillsByAccount.get(id) ?? [],
    paused: () => isPaused,
    submit: (req, nowMs) => forgetFinished(submit(req, nowMs)),
    cancel: (orderId, nowMs) => forgetFinished(cancel(orderId, nowMs)),
    setPaused(paused, nowMs) {
      isPaused = paused;
      return forgetFinished({ result: undefined, events: paused ? cancelWhere(ops, (o) => o.cancelOnPause, nowMs) : [] });
    },
    closeMarket: (ticker, nowMs) => forgetFinished(closeMarket(ops, ticker, nowMs)),
    settleMarket: (ticker, result, nowMs) => forgetFinished(settleMarket(ticker, result, nowMs)),
    setFees(ticker, takerRatePpm, makerRatePpm) {
      const m = marketsByTicker.get(ticker);
      if (m !== undefined) marketsByTicker.set(ticker, { ...m, takerRatePpm, makerRatePpm });
    },
    replaceLevels: (accountId, ticker, levels, nowMs) => forgetFinished(replaceLevels(ops, accountId, ticker, levels, nowMs)),
    restingAt: (req) => ({ marketId: req.ticker, side: req.side, priceUnits: req.priceUnits }),
    submitResting: (req, nowMs) => forgetFinished(submit({ ...req, timeInForce: "good_till_canceled" }, nowMs)),
    fillRest(orderId, accountId, nowMs) {
      const o = orders.get(orderId);
      if (o === undefined || o.status !== "resting") return undefined;
      const req: OrderRequest = {
        accountId,
        ticker: o.ticker,
        side: o.side === "bid" ? "ask" : "bid",
        priceUnits: o.priceUnits,
        countHundredths: o.remainingHundredths,
        timeInForce: "immediate_or_cancel",
        selfTradePrevention: "skip",
        postOnly: false,
        cancelOnPause: false,
        clientOrderId: "",
      };
      return forgetFinished(submit(req, nowMs));
    },
  };
}
