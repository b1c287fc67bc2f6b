import { ONE_DOLLAR_UNITS, polymarketOrderFeeMicros, polymarketSchedule } from "@arb/domain";
import { type Book, type BookSide, EMPTY_BOOK, type SideLevels, type TimeInForce, levelsOf } from "./book.js";
import type { HouseExchange, VenueStep } from "./house.js";
import { type BookEvent, applyBookCommand } from "./matching.js";
import { netLevelChanges } from "./net-levels.js";
import { type VenueOps, closeMarket, replaceLevels } from "./venue-ops.js";

/**
 * Polymarket's CLOB as a pure-ish state machine over the shared matching engine. A market's two outcome tokens
 * trade in ONE price-time book quoted in token 0's price ("YES space"): buying token 0 at p is a bid at p, selling
 * it an ask at p; buying token 1 at q is an ask at 1 − q and selling it a bid at 1 − q. So a token-1 bid at q
 * crosses a token-0 bid at 1 − q (the venue's complementary match: a mint), two sells cross as a merge, and each
 * token's public book is the mirror of the other. Each party is booked at its own token's price; only takers pay
 * the fee `shares × rate × (p(1−p))^e` in pUSD micros (floored to 5 decimals by @arb/domain). Time and ids come in
 * from the caller; nothing here does I/O.
 */
export type PolySide = "BUY" | "SELL";
export type PolyOrderType = "GTC" | "GTD" | "FOK" | "FAK";
export type PolyOrderStatus = "LIVE" | "MATCHED" | "CANCELED" | "DELAYED" | "UNMATCHED";
export type PolyMarketStatus = "active" | "closed" | "resolved";
export type TokenIndex = 0 | 1;

export interface PolyMarketConfig {
  readonly conditionId: string;
  readonly tokenIds: readonly [string, string];
  readonly tickUnits: number;
  readonly minOrderHundredths: number;
  readonly takerRatePpm: number;
  readonly feeExponent: number;
  readonly negRisk: boolean;
}

export interface PolyMarketState extends PolyMarketConfig {
  readonly book: Book;
  readonly status: PolyMarketStatus;
  /** Index of the winning token once resolved. */
  readonly winner: TokenIndex | undefined;
  readonly lastTrade: { readonly tokenIndex: TokenIndex; readonly priceUnits: number; readonly side: PolySide } | undefined;
}

export interface PolyAccount {
  readonly accountId: string;
  readonly balanceMicros: number;
  /** Shares held per token id, in hundredths. */
  readonly tokens: ReadonlyMap<string, number>;
  readonly feesPaidMicros: number;
}

export interface PolyOrderRequest {
  readonly orderId: string;
  readonly accountId: string;
  /** The API key that placed it (the user channel's `owner`); "" for the simulated makers. */
  readonly owner: string;
  readonly conditionId: string;
  readonly tokenIndex: TokenIndex;
  readonly side: PolySide;
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly orderType: PolyOrderType;
  readonly postOnly: boolean;
  readonly expirationSec: number;
}

export interface PolyOrderRecord extends PolyOrderRequest {
  readonly tokenId: string;
  readonly matchedHundredths: number;
  readonly status: PolyOrderStatus;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly tradeIds: readonly string[];
  /** pUSD paid (BUY) or received (SELL) over the fills, before fees. */
  readonly notionalMicros: number;
  readonly feesMicros: number;
}

/** One match between a taker order and one maker order. Deltas are kept so a failed settlement can be undone. */
export interface PolyTrade {
  readonly tradeId: string;
  readonly conditionId: string;
  readonly sizeHundredths: number;
  readonly takerOrderId: string;
  readonly takerAccountId: string;
  readonly takerOwner: string;
  readonly takerTokenIndex: TokenIndex;
  readonly takerSide: PolySide;
  readonly takerPriceUnits: number;
  readonly takerFeeMicros: number;
  readonly makerOrderId: string;
  readonly makerAccountId: string;
  readonly makerOwner: string;
  readonly makerTokenIndex: TokenIndex;
  readonly makerSide: PolySide;
  readonly makerPriceUnits: number;
  readonly feeRateBps: number;
  readonly tsMs: number;
}

export type PolyEvent =
  | { readonly kind: "order.changed"; readonly order: PolyOrderRecord; readonly cause: "placed" | "matched" | "canceled" | "delayed" | "unmatched" }
  | { readonly kind: "trade.matched"; readonly trade: PolyTrade }
  /** A change of resting size at one YES-space level of a market's book. */
  | {
      readonly kind: "book.changed";
      readonly conditionId: string;
      readonly side: BookSide;
      readonly priceUnits: number;
      readonly deltaHundredths: number;
      readonly tsMs: number;
    }
  | { readonly kind: "market.changed"; readonly market: PolyMarketState };

type PolyBookChanged = Extract<PolyEvent, { readonly kind: "book.changed" }>;

/** Pure: a step's events with one book change per (market, YES-space side, price), its net (see netLevelChanges). */
export function netPolyEvents(events: readonly PolyEvent[]): PolyEvent[] {
  return netLevelChanges(
    events,
    (e): e is PolyBookChanged => e.kind === "book.changed",
    (d) => `${d.conditionId}|${d.side}|${d.priceUnits}`,
    (parts, deltaHundredths) => ({ ...(parts[0] as PolyBookChanged), deltaHundredths }),
  );
}

export type PolyRejectCode = "market_not_found" | "market_closed" | "invalid_tick" | "below_min_size" | "not_enough_balance" | "duplicate" | "post_only_cross";

export type PolymarketStep<T> = VenueStep<T, PolyEvent>;

export type PolySubmitResult =
  | { readonly ok: true; readonly order: PolyOrderRecord; readonly trades: readonly PolyTrade[] }
  | { readonly ok: false; readonly code: PolyRejectCode };

export interface PolymarketExchange extends HouseExchange<PolyEvent, PolyOrderRequest, PolySubmitResult> {
  addMarket(config: PolyMarketConfig): void;
  market(conditionId: string): PolyMarketState | undefined;
  marketOfToken(tokenId: string): { market: PolyMarketState; tokenIndex: TokenIndex } | undefined;
  markets(): readonly PolyMarketState[];
  /**
   * `house`: a simulated maker, which skips the balance checks and keeps only its working orders (it requotes every
   * tick and nobody looks its orders up by id; trades carry the ids), so finished ones are dropped.
   */
  addAccount(accountId: string, balanceMicros: number, house?: boolean): void;
  account(accountId: string): PolyAccount | undefined;
  /** A user account's order in any state; a house account's only while it works. */
  order(orderId: string): PolyOrderRecord | undefined;
  /** A user account's orders, oldest first; a house account's working ones. */
  ordersOf(accountId: string): readonly PolyOrderRecord[];
  tradesOf(accountId: string): readonly PolyTrade[];
  trade(tradeId: string): PolyTrade | undefined;
  /** Would the order trade on arrival (the sports delay holds only marketable orders)? */
  marketable(req: PolyOrderRequest): boolean;
  check(req: PolyOrderRequest): PolyRejectCode | undefined;
  submit(req: PolyOrderRequest, nowMs: number): PolymarketStep<PolySubmitResult>;
  /** Accepts an order without matching it: it waits (status DELAYED) until release(). */
  hold(req: PolyOrderRequest, nowMs: number): PolymarketStep<PolySubmitResult>;
  release(orderId: string, nowMs: number): PolymarketStep<PolySubmitResult>;
  cancel(orderId: string, nowMs: number): PolymarketStep<PolyOrderRecord | undefined>;
  /** Undoes a trade's cash, token and fee movements (its on-chain settlement failed). */
  revertTrade(tradeId: string): void;
  closeMarket(conditionId: string, nowMs: number): PolymarketStep<void>;
  resolveMarket(conditionId: string, winner: TokenIndex, nowMs: number): PolymarketStep<void>;
  /** Cancels GTD orders whose expiration (Unix seconds) has passed. */
  expire(nowMs: number): PolymarketStep<void>;
  /** The venue moved the market's tick (prices near the edges); resting orders stay. */
  setTick(conditionId: string, tickUnits: number): void;
  /** Replaces one account's resting token-0 quantity per (YES-space side, price) level with `levels`, both sides in one step. */
  replaceLevels(accountId: string, conditionId: string, levels: SideLevels, nowMs: number): PolymarketStep<void>;
  /** The public book of one token: bids best first, asks best first, [priceUnits, sizeHundredths]. */
  tokenBook(tokenId: string): { bids: [number, number][]; asks: [number, number][] } | undefined;
}

const TIF: Readonly<Record<PolyOrderType, TimeInForce>> = {
  GTC: "good_till_canceled",
  GTD: "good_till_canceled",
  FOK: "fill_or_kill",
  FAK: "immediate_or_cancel",
};

/** Where a token order sits in the YES-space book. */
export function yesSpace(tokenIndex: TokenIndex, side: PolySide, priceUnits: number): { side: BookSide; priceUnits: number } {
  if (tokenIndex === 0) return { side: side === "BUY" ? "bid" : "ask", priceUnits };
  return { side: side === "BUY" ? "ask" : "bid", priceUnits: ONE_DOLLAR_UNITS - priceUnits };
}

function feeMicros(m: PolyMarketConfig, sizeHundredths: number, priceUnits: number): number {
  return m.takerRatePpm > 0 ? polymarketOrderFeeMicros(sizeHundredths, priceUnits, m.takerRatePpm, m.feeExponent) : 0;
}

export function createPolymarketExchange(nextId: () => string): PolymarketExchange {
  const markets = new Map<string, PolyMarketState>();
  const tokenIndex = new Map<string, { conditionId: string; tokenIndex: TokenIndex }>();
  const accounts = new Map<string, PolyAccount>();
  const house = new Set<string>();
  const orders = new Map<string, PolyOrderRecord>();
  /** House orders finished during the current operation; dropped once it returns, so its steps still see them. */
  const finishedHouse: string[] = [];
  /** Working GTD orders: expiry runs every tick, so it looks at these rather than at every resting order. */
  const workingGtd = new Set<string>();
  const ordersByAccount = new Map<string, string[]>();
  const resting = new Map<string, Set<string>>();
  const trades = new Map<string, PolyTrade>();
  const tradesByAccount = new Map<string, PolyTrade[]>();

  function put(o: PolyOrderRecord): void {
    orders.set(o.orderId, o);
    const working = o.status === "LIVE" || o.status === "DELAYED";
    if (!working && house.has(o.accountId)) finishedHouse.push(o.orderId);
    if (o.orderType === "GTD") {
      if (working) workingGtd.add(o.orderId);
      else workingGtd.delete(o.orderId);
    }
    const set = resting.get(o.accountId);
    if (set === undefined) return;
    if (working) set.add(o.orderId);
    else set.delete(o.orderId);
  }

  /** Ends a public operation: the house's finished orders leave the maps. */
  function forgetFinished<T>(step: T): T {
    for (const id of finishedHouse) orders.delete(id);
    finishedHouse.length = 0;
    return step;
  }

  /** Lists a user's order under its account; the house's are found through its working set. */
  function list(o: PolyOrderRecord): void {
    if (!house.has(o.accountId)) ordersByAccount.get(o.accountId)?.push(o.orderId);
  }

  function remaining(o: PolyOrderRecord): number {
    return o.status === "LIVE" || o.status === "DELAYED" ? o.sizeHundredths - o.matchedHundredths : 0;
  }

  /** pUSD and shares an account's working orders still hold. */
  function held(accountId: string): { cash: number; shares: Map<string, number> } {
    let cash = 0;
    const shares = new Map<string, number>();
    for (const id of resting.get(accountId) ?? []) {
      const o = orders.get(id);
      const m = o === undefined ? undefined : markets.get(o.conditionId);
      if (o === undefined || m === undefined) continue;
      const left = remaining(o);
      if (o.side === "BUY") cash += left * o.priceUnits + feeMicros(m, left, o.priceUnits);
      else shares.set(o.tokenId, (shares.get(o.tokenId) ?? 0) + left);
    }
    return { cash, shares };
  }

  function check(req: PolyOrderRequest): PolyRejectCode | undefined {
    const m = markets.get(req.conditionId);
    if (m === undefined) return "market_not_found";
    if (m.status !== "active") return "market_closed";
    if (
      !Number.isInteger(req.priceUnits) ||
      req.priceUnits % m.tickUnits !== 0 ||
      req.priceUnits < m.tickUnits ||
      req.priceUnits > ONE_DOLLAR_UNITS - m.tickUnits
    ) {
      return "invalid_tick";
    }
    if (orders.has(req.orderId)) return "duplicate";
    if (house.has(req.accountId)) return undefined;
    if (!Number.isInteger(req.sizeHundredths) || req.sizeHundredths < m.minOrderHundredths) return "below_min_size";
    const a = accounts.get(req.accountId);
    if (a === undefined) return "not_enough_balance";
    const h = held(req.accountId);
    if (req.side === "BUY") {
      const need = req.sizeHundredths * req.priceUnits + feeMicros(m, req.sizeHundredths, req.priceUnits);
      if (a.balanceMicros - h.cash < need) return "not_enough_balance";
    } else {
      const tokenId = m.tokenIds[req.tokenIndex];
      if ((a.tokens.get(tokenId) ?? 0) - (h.shares.get(tokenId) ?? 0) < req.sizeHundredths) return "not_enough_balance";
    }
    return undefined;
  }

  function newOrder(req: PolyOrderRequest, m: PolyMarketConfig, status: PolyOrderStatus, nowMs: number): PolyOrderRecord {
    return {
      ...req,
      tokenId: m.tokenIds[req.tokenIndex],
      matchedHundredths: 0,
      status,
      createdMs: nowMs,
      updatedMs: nowMs,
      tradeIds: [],
      notionalMicros: 0,
      feesMicros: 0,
    };
  }

  function move(accountId: string, cashMicros: number, tokenId: string, shares: number, feeMicros: number): void {
    const a = accounts.get(accountId);
    if (a === undefined) return;
    const tokens = new Map(a.tokens);
    const next = (tokens.get(tokenId) ?? 0) + shares;
    if (next === 0) tokens.delete(tokenId);
    else tokens.set(tokenId, next);
    accounts.set(accountId, { ...a, balanceMicros: a.balanceMicros + cashMicros - feeMicros, tokens, feesPaidMicros: a.feesPaidMicros + feeMicros });
  }

  /** The price a party pays or gets for its own token at a YES-space trade price. */
  const tokenPrice = (o: PolyOrderRecord, yesPriceUnits: number): number => (o.tokenIndex === 0 ? yesPriceUnits : ONE_DOLLAR_UNITS - yesPriceUnits);

  function bookFill(o: PolyOrderRecord, tradeId: string, price: number, size: number, fee: number, nowMs: number): PolyOrderRecord {
    const cash = o.side === "BUY" ? -price * size : price * size;
    move(o.accountId, cash, o.tokenId, o.side === "BUY" ? size : -size, fee);
    const matched = o.matchedHundredths + size;
    const next: PolyOrderRecord = {
      ...o,
      matchedHundredths: matched,
      status: matched >= o.sizeHundredths ? "MATCHED" : o.status,
      updatedMs: nowMs,
      tradeIds: [...o.tradeIds, tradeId],
      notionalMicros: o.notionalMicros + price * size,
      feesMicros: o.feesMicros + fee,
    };
    put(next);
    return next;
  }

  function absorb(m: PolyMarketState, bookEvents: readonly BookEvent[], nowMs: number, out: PolyEvent[]): PolyTrade[] {
    const made: PolyTrade[] = [];
    for (const e of bookEvents) {
      switch (e.kind) {
        case "trade.executed": {
          const t = orders.get(e.takerOrderId);
          const mk = orders.get(e.makerOrderId);
          if (t === undefined || mk === undefined) throw new Error("trade between unknown orders");
          const tradeId = nextId();
          const takerPrice = tokenPrice(t, e.priceUnits);
          const makerPrice = tokenPrice(mk, e.priceUnits);
          const fee = feeMicros(m, e.sizeHundredths, takerPrice);
          bookFill(t, tradeId, takerPrice, e.sizeHundredths, fee, nowMs);
          const maker = bookFill(mk, tradeId, makerPrice, e.sizeHundredths, 0, nowMs);
          const trade: PolyTrade = {
            tradeId,
            conditionId: m.conditionId,
            sizeHundredths: e.sizeHundredths,
            takerOrderId: t.orderId,
            takerAccountId: t.accountId,
            takerOwner: t.owner,
            takerTokenIndex: t.tokenIndex,
            takerSide: t.side,
            takerPriceUnits: takerPrice,
            takerFeeMicros: fee,
            makerOrderId: mk.orderId,
            makerAccountId: mk.accountId,
            makerOwner: mk.owner,
            makerTokenIndex: mk.tokenIndex,
            makerSide: mk.side,
            makerPriceUnits: makerPrice,
            feeRateBps: Math.round(m.takerRatePpm / 100),
            tsMs: nowMs,
          };
          trades.set(tradeId, trade);
          tradesByAccount.get(t.accountId)?.push(trade);
          if (mk.accountId !== t.accountId) tradesByAccount.get(mk.accountId)?.push(trade);
          markets.set(m.conditionId, { ...(markets.get(m.conditionId) ?? m), lastTrade: { tokenIndex: t.tokenIndex, priceUnits: takerPrice, side: t.side } });
          made.push(trade);
          out.push({ kind: "order.changed", order: maker, cause: "matched" }, { kind: "trade.matched", trade });
          break;
        }
        case "order.canceled": {
          const o = orders.get(e.orderId);
          if (o === undefined) break;
          const next: PolyOrderRecord = { ...o, status: "CANCELED", updatedMs: nowMs };
          put(next);
          out.push({ kind: "order.changed", order: next, cause: "canceled" });
          break;
        }
        case "level.changed":
          out.push({
            kind: "book.changed",
            conditionId: m.conditionId,
            side: e.side,
            priceUnits: e.priceUnits,
            deltaHundredths: e.deltaHundredths,
            tsMs: nowMs,
          });
          break;
        case "order.rested":
        case "order.unknown":
          break;
      }
    }
    return made;
  }

  function run(m: PolyMarketState, o: PolyOrderRecord, nowMs: number): PolymarketStep<PolySubmitResult> {
    const y = yesSpace(o.tokenIndex, o.side, o.priceUnits);
    const step = applyBookCommand(m.book, {
      kind: "order.submit",
      orderId: o.orderId,
      accountId: o.accountId,
      side: y.side,
      priceUnits: y.priceUnits,
      sizeHundredths: o.sizeHundredths - o.matchedHundredths,
      timeInForce: TIF[o.orderType],
      // Nobody trades with themselves here: the simulated makers may hold a crossed book (an arb window).
      selfTradePrevention: "skip",
      postOnly: o.postOnly,
    });
    if (step.events.some((e) => e.kind === "order.canceled" && e.orderId === o.orderId && e.reason === "post_only_cross")) {
      if (o.status === "DELAYED") {
        const killed: PolyOrderRecord = { ...o, status: "UNMATCHED", updatedMs: nowMs };
        put(killed);
        return { result: { ok: true, order: killed, trades: [] }, events: [{ kind: "order.changed", order: killed, cause: "unmatched" }] };
      }
      orders.delete(o.orderId);
      return { result: { ok: false, code: "post_only_cross" }, events: [] };
    }
    markets.set(m.conditionId, { ...m, book: step.book });
    const events: PolyEvent[] = [];
    const wasDelayed = o.status === "DELAYED";
    const live: PolyOrderRecord = wasDelayed ? { ...o, status: "LIVE" } : o;
    put(live);
    const made = absorb(m, step.events, nowMs, events);
    let final = orders.get(o.orderId) ?? live;
    if (wasDelayed && final.status === "CANCELED" && made.length === 0) {
      // A held order that finds nothing to match when the delay ends is reported "unmatched".
      final = { ...final, status: "UNMATCHED" };
      put(final);
      const done = final;
      const i = events.findIndex((e) => e.kind === "order.changed" && e.order.orderId === done.orderId);
      if (i >= 0) events[i] = { kind: "order.changed", order: done, cause: "unmatched" };
    }
    const placed = step.events.some((e) => e.kind === "order.rested" && e.orderId === o.orderId);
    if (placed || (made.length > 0 && final.status !== "CANCELED"))
      events.unshift({ kind: "order.changed", order: final, cause: made.length > 0 ? "matched" : "placed" });
    return { result: { ok: true, order: final, trades: made }, events };
  }

  function submit(req: PolyOrderRequest, nowMs: number): PolymarketStep<PolySubmitResult> {
    const bad = check(req);
    const m = markets.get(req.conditionId);
    if (bad !== undefined || m === undefined) return { result: { ok: false, code: bad ?? "market_not_found" }, events: [] };
    const o = newOrder(req, m, "LIVE", nowMs);
    list(o);
    return run(m, o, nowMs);
  }

  function cancel(orderId: string, nowMs: number): PolymarketStep<PolyOrderRecord | undefined> {
    const o = orders.get(orderId);
    if (o === undefined || (o.status !== "LIVE" && o.status !== "DELAYED")) return { result: undefined, events: [] };
    const m = markets.get(o.conditionId);
    if (m === undefined) return { result: undefined, events: [] };
    if (o.status === "DELAYED") {
      const next: PolyOrderRecord = { ...o, status: "CANCELED", updatedMs: nowMs };
      put(next);
      return { result: next, events: [{ kind: "order.changed", order: next, cause: "canceled" }] };
    }
    const step = applyBookCommand(m.book, { kind: "order.cancel", orderId });
    markets.set(m.conditionId, { ...m, book: step.book });
    const events: PolyEvent[] = [];
    absorb(m, step.events, nowMs, events);
    return { result: orders.get(orderId), events };
  }

  const ops: VenueOps<PolyMarketState, PolyOrderRecord, PolyEvent, PolyOrderRequest> = {
    markets,
    orders,
    working: resting,
    marketOf: (o) => o.conditionId,
    cancel,
    submit,
    levelOrder: (accountId, conditionId, { side, priceUnits, sizeHundredths }) => ({
      orderId: nextId(),
      accountId,
      owner: "",
      conditionId,
      tokenIndex: 0,
      side: side === "bid" ? "BUY" : "SELL",
      priceUnits,
      sizeHundredths,
      orderType: "GTC",
      postOnly: false,
      expirationSec: 0,
    }),
    closed: (m) => ({ ...m, status: "closed" }),
    marketChanged: (market) => ({ kind: "market.changed", market }),
  };

  return {
    addMarket(config) {
      markets.set(config.conditionId, { ...config, book: EMPTY_BOOK, status: "active", winner: undefined, lastTrade: undefined });
      tokenIndex.set(config.tokenIds[0], { conditionId: config.conditionId, tokenIndex: 0 });
      tokenIndex.set(config.tokenIds[1], { conditionId: config.conditionId, tokenIndex: 1 });
    },
    market: (id) => markets.get(id),
    takerFees(conditionId) {
      const m = markets.get(conditionId);
      return m === undefined ? undefined : polymarketSchedule(m.takerRatePpm, m.feeExponent);
    },
    marketOfToken(tokenId) {
      const t = tokenIndex.get(tokenId);
      const market = t === undefined ? undefined : markets.get(t.conditionId);
      return t === undefined || market === undefined ? undefined : { market, tokenIndex: t.tokenIndex };
    },
    markets: () => [...markets.values()],
    addAccount(accountId, balanceMicros, isHouse = false) {
      if (accounts.has(accountId)) return;
      accounts.set(accountId, { accountId, balanceMicros, tokens: new Map(), feesPaidMicros: 0 });
      if (isHouse) house.add(accountId);
      ordersByAccount.set(accountId, []);
      resting.set(accountId, new Set());
      tradesByAccount.set(accountId, []);
    },
    account: (id) => accounts.get(id),
    order: (id) => orders.get(id),
    ordersOf: (id) => [...((house.has(id) ? resting.get(id) : ordersByAccount.get(id)) ?? [])].flatMap((oid) => orders.get(oid) ?? []),
    tradesOf: (id) => tradesByAccount.get(id) ?? [],
    trade: (id) => trades.get(id),
    marketable(req) {
      const m = markets.get(req.conditionId);
      if (m === undefined) return false;
      const y = yesSpace(req.tokenIndex, req.side, req.priceUnits);
      const top = (y.side === "bid" ? m.book.asks : m.book.bids).find((o) => o.accountId !== req.accountId);
      return top !== undefined && (y.side === "bid" ? top.priceUnits <= y.priceUnits : top.priceUnits >= y.priceUnits);
    },
    check,
    submit: (req, nowMs) => forgetFinished(submit(req, nowMs)),
    hold(req, nowMs) {
      const bad = check(req);
      const m = markets.get(req.conditionId);
      if (bad !== undefined || m === undefined) return { result: { ok: false, code: bad ?? "market_not_found" }, events: [] };
      const o = newOrder(req, m, "DELAYED", nowMs);
      put(o);
      list(o);
      return { result: { ok: true, order: o, trades: [] }, events: [{ kind: "order.changed", order: o, cause: "delayed" }] };
    },
    release(orderId, nowMs) {
      const o = orders.get(orderId);
      const m = o === undefined ? undefined : markets.get(o.conditionId);
      if (o === undefined || m === undefined || o.status !== "DELAYED") return { result: { ok: false, code: "market_not_found" }, events: [] };
      if (m.status !== "active") {
        const killed: PolyOrderRecord = { ...o, status: "UNMATCHED", updatedMs: nowMs };
        put(killed);
        return { result: { ok: true, order: killed, trades: [] }, events: [{ kind: "order.changed", order: killed, cause: "unmatched" }] };
      }
      return forgetFinished(run(m, o, nowMs));
    },
    cancel: (orderId, nowMs) => forgetFinished(cancel(orderId, nowMs)),
    revertTrade(tradeId) {
      const t = trades.get(tradeId);
      const m = t === undefined ? undefined : markets.get(t.conditionId);
      if (t === undefined || m === undefined) return;
      const undo = (accountId: string, side: PolySide, tokenIdx: TokenIndex, price: number, fee: number) => {
        const cash = side === "BUY" ? price * t.sizeHundredths : -price * t.sizeHundredths;
        move(accountId, cash + fee, m.tokenIds[tokenIdx], side === "BUY" ? -t.sizeHundredths : t.sizeHundredths, 0);
        const a = accounts.get(accountId);
        if (a !== undefined) accounts.set(accountId, { ...a, feesPaidMicros: a.feesPaidMicros - fee });
      };
      undo(t.takerAccountId, t.takerSide, t.takerTokenIndex, t.takerPriceUnits, t.takerFeeMicros);
      undo(t.makerAccountId, t.makerSide, t.makerTokenIndex, t.makerPriceUnits, 0);
    },
    closeMarket: (conditionId, nowMs) => forgetFinished(closeMarket(ops, conditionId, nowMs)),
    setTick(conditionId, tickUnits) {
      const m = markets.get(conditionId);
      if (m !== undefined) markets.set(conditionId, { ...m, tickUnits });
    },
    resolveMarket(conditionId, winner, nowMs) {
      const events: PolyEvent[] = [...closeMarket(ops, conditionId, nowMs).events];
      const m = markets.get(conditionId);
      if (m === undefined || m.status === "resolved") return { result: undefined, events };
      const won = m.tokenIds[winner];
      for (const a of accounts.values()) {
        const shares = a.tokens.get(won) ?? 0;
        const tokens = new Map([...a.tokens].filter(([id]) => id !== m.tokenIds[0] && id !== m.tokenIds[1]));
        if (tokens.size !== a.tokens.size) accounts.set(a.accountId, { ...a, balanceMicros: a.balanceMicros + shares * ONE_DOLLAR_UNITS, tokens });
      }
      const final: PolyMarketState = { ...m, status: "resolved", winner };
      markets.set(conditionId, final);
      events.push({ kind: "market.changed", market: final });
      return forgetFinished({ result: undefined, events });
    },
    expire(nowMs) {
      const events: PolyEvent[] = [];
      for (const id of [...workingGtd]) {
        const o = orders.get(id);
        if (o !== undefined && o.expirationSec > 0 && o.expirationSec * 1000 <= nowMs) events.push(...cancel(id, nowMs).events);
      }
      return forgetFinished({ result: undefined, events });
    },
    replaceLevels: (accountId, conditionId, levels, nowMs) => forgetFinished(replaceLevels(ops, accountId, conditionId, levels, nowMs)),
    restingAt: (req) => ({ marketId: req.conditionId, ...yesSpace(req.tokenIndex, req.side, req.priceUnits) }),
    submitResting: (req, nowMs) => forgetFinished(submit({ ...req, orderType: "GTC" }, nowMs)),
    fillRest(orderId, accountId, nowMs) {
      const o = orders.get(orderId);
      if (o === undefined || o.status !== "LIVE") return undefined;
      const req: PolyOrderRequest = {
        orderId: nextId(),
        accountId,
        owner: "",
        conditionId: o.conditionId,
        tokenIndex: o.tokenIndex,
        side: o.side === "BUY" ? "SELL" : "BUY",
        priceUnits: o.priceUnits,
        sizeHundredths: o.sizeHundredths - o.matchedHundredths,
        orderType: "FAK",
        postOnly: false,
        expirationSec: 0,
      };
      return forgetFinished(submit(req, nowMs));
    },
    tokenBook(tokenId) {
      const t = tokenIndex.get(tokenId);
      const m = t === undefined ? undefined : markets.get(t.conditionId);
      if (t === undefined || m === undefined) return undefined;
      const bids = levelsOf(m.book.bids).map((l): [number, number] => [l.priceUnits, l.sizeHundredths]);
      const asks = levelsOf(m.book.asks).map((l): [number, number] => [l.priceUnits, l.sizeHundredths]);
      if (t.tokenIndex === 0) return { bids, asks };
      // Token 1's bids are the YES-space asks mirrored, and its asks the YES-space bids.
      return {
        bids: asks.map(([p, s]): [number, number] => [ONE_DOLLAR_UNITS - p, s]),
        asks: bids.map(([p, s]): [number, number] => [ONE_DOLLAR_UNITS - p, s]),
      };
    },
  };
}
