import { KALSHI_PRECISION_DIRECT_MICROS, ONE_DOLLAR_UNITS } from "@arb/domain";
import type { HouseExchange, Placed, VenueStep } from "../exchange/house.js";
import type { ExchangeEvent, KalshiExchange, KalshiStep, OrderRequest, SubmitResult } from "../exchange/kalshi.js";
import type { PolyEvent, PolyOrderRequest, PolySubmitResult, PolymarketExchange, PolymarketStep } from "../exchange/polymarket.js";
import { type HouseLevels, ladder } from "../generator/quotes.js";
import type { Rng } from "../generator/rng.js";
import type { Scenario } from "../scenario/schema.js";
import { KALSHI_TICK_UNITS, type Markets } from "./markets.js";
import type { Steps } from "./steps.js";

const KALSHI_HOUSE = "house-kalshi";
export const POLY_HOUSE = "house-polymarket";

export const kalshiBook = (ticker: string): string => `kalshi:${ticker}`;
export const polyBook = (conditionId: string): string => `polymarket:${conditionId}`;

/** Extra resting liquidity a window puts on one book, and the simulated makers' levels it pushes aside. */
export interface Overlay {
  readonly bids: readonly (readonly [number, number])[];
  readonly asks: readonly (readonly [number, number])[];
  /** Remove maker bids at or above this price (they would cross the window's ask into a same-venue arb). */
  readonly clearBidsFrom: number;
  /** Remove maker asks at or below this price. */
  readonly clearAsksTo: number;
}

/** The simulated makers ("the house") on both venues: their ladders, pinned books, requotes and late fills. */
export interface Makers {
  /** Re-quotes one book (a key from kalshiBook / polyBook): base liquidity plus the overlay of the window on it, if any. */
  refreshBook(book: string, nowMs: number): void;
  /** Each market's requote on its slot (see requoteSlot). */
  requote(nowMs: number): void;
  /** Pins a Kalshi book: YES bids and NO bids, [priceUnits, sizeHundredths], instead of the ladder. */
  pinKalshi(ticker: string, yes: readonly (readonly [number, number])[], no: readonly (readonly [number, number])[]): void;
  /** Pins a Polymarket book, given as one token's bids and asks. */
  pinPolymarket(tokenId: string, bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): void;
  /**
   * The "late fill" of a one-sided scenario: the crossing house liquidity vanishes just before the order arrives, so
   * it rests (as good-till-canceled); the house fills it `delayMs` later. The market's makers hold still until then
   * so the fill really is late.
   */
  lateFillKalshi(req: OrderRequest, delayMs: number): KalshiStep<SubmitResult>;
  lateFillPolymarket(req: PolyOrderRequest, delayMs: number): PolymarketStep<PolySubmitResult>;
}

export interface MakersDeps {
  readonly scenario: Scenario;
  readonly t0: number;
  readonly rng: Rng;
  readonly kalshi: KalshiExchange;
  readonly polymarket: PolymarketExchange;
  readonly markets: Markets;
  readonly steps: Steps;
  readonly clock: () => number;
  readonly schedule: (atMs: number, run: (nowMs: number) => void) => void;
  /** The overlay of the window open on a book, if any: the makers leave that book to the window. */
  readonly overlayOn: (book: string) => Overlay | undefined;
}

/** One venue as its makers see it: the exchange's house face, where its steps go, and how its makers price. */
interface HouseVenue<E, Req, R extends Placed> {
  readonly exchange: HouseExchange<E, Req, R>;
  readonly house: string;
  readonly bookOf: (marketId: string) => string;
  readonly publish: (step: VenueStep<unknown, E>) => void;
  /** The fair YES price the ladder centres on. */
  readonly fairUnits: (marketId: string) => number;
  /** The ladder's tick; undefined: no such market, no quote. */
  readonly tickUnits: (marketId: string) => number | undefined;
  readonly halfSpreadUnits: number;
  /** Noise added to the centre (then kept a tick inside $0–$1); undefined: the makers quote fair value as is. */
  readonly noiseUnits: number | undefined;
}

export function createMakers({ scenario, t0, rng, kalshi, polymarket, markets, steps, clock, schedule, overlayOn }: MakersDeps): Makers {
  const mm = scenario.marketMakers;
  const pm = scenario.polymarket;
  const pinned = new Map<string, HouseLevels>();
  /**
   * The makers' last quote of each book, as their re-quote published it: a window is someone's order appearing on
   * top of that quote, so opening or closing one sends the window's own levels only, not a re-pricing of the book.
   */
  const quoted = new Map<string, HouseLevels>();
  const frozenUntil = new Map<string, number>();

  kalshi.addAccount({ accountId: KALSHI_HOUSE, balanceMicros: 1e15, precisionMicros: KALSHI_PRECISION_DIRECT_MICROS, house: true });
  polymarket.addAccount(POLY_HOUSE, 1e15, true);

  const kalshiVenue: HouseVenue<ExchangeEvent, OrderRequest, SubmitResult> = {
    exchange: kalshi,
    house: KALSHI_HOUSE,
    bookOf: kalshiBook,
    publish: steps.publishKalshi,
    fairUnits: markets.kalshiFair,
    // Kalshi quotes in cents everywhere (a ladder is drawn even for a ticker it does not list; the exchange ignores it).
    tickUnits: () => KALSHI_TICK_UNITS,
    halfSpreadUnits: mm.halfSpreadUnits,
    noiseUnits: undefined,
  };
  // Polymarket's makers quote token 0 around the shared fair value with their own spread and noise.
  const polyVenue: HouseVenue<PolyEvent, PolyOrderRequest, PolySubmitResult> = {
    exchange: polymarket,
    house: POLY_HOUSE,
    bookOf: polyBook,
    publish: steps.publishPolymarket,
    fairUnits: (conditionId) => markets.tokenFair(conditionId, 0),
    tickUnits: (conditionId) => polymarket.market(conditionId)?.tickUnits,
    halfSpreadUnits: pm.halfSpreadUnits,
    noiseUnits: pm.noiseUnits,
  };

  /** The makers' requote of a market: both sides in one step, so no one sees new bids against old asks. */
  function replaceHouse<E, Req, R extends Placed>(v: HouseVenue<E, Req, R>, marketId: string, levels: HouseLevels, nowMs: number): void {
    v.publish(v.exchange.replaceLevels(v.house, marketId, levels, nowMs));
  }

  /** The house's base liquidity for a market: the pinned book, or the maker ladder around fair value. */
  function baseLevels<E, Req, R extends Placed>(v: HouseVenue<E, Req, R>, marketId: string): HouseLevels {
    const pin = pinned.get(v.bookOf(marketId));
    if (pin !== undefined) return pin;
    const tickUnits = v.tickUnits(marketId);
    if (!mm.enabled || tickUnits === undefined) return { bids: new Map(), asks: new Map() };
    const fair = v.fairUnits(marketId);
    const centre =
      v.noiseUnits === undefined ? fair : Math.max(tickUnits, Math.min(ONE_DOLLAR_UNITS - tickUnits, fair + Math.round(rng.normal() * v.noiseUnits)));
    return ladder(centre, { ...mm, halfSpreadUnits: v.halfSpreadUnits, tickUnits }, rng);
  }

  function withOverlay(base: HouseLevels, o: Overlay): HouseLevels {
    const bids = new Map([...base.bids].filter(([p]) => p < o.clearBidsFrom));
    const asks = new Map([...base.asks].filter(([p]) => p > o.clearAsksTo));
    for (const [p, s] of o.bids) bids.set(p, (bids.get(p) ?? 0) + s);
    for (const [p, s] of o.asks) asks.set(p, (asks.get(p) ?? 0) + s);
    return { bids, asks };
  }

  function refresh<E, Req, R extends Placed>(v: HouseVenue<E, Req, R>, marketId: string, nowMs: number): void {
    const book = v.bookOf(marketId);
    const overlay = overlayOn(book);
    if (v.exchange.market(marketId)?.status !== "active") return;
    const base = pinned.has(book) ? baseLevels(v, marketId) : (quoted.get(book) ?? baseLevels(v, marketId));
    replaceHouse(v, marketId, overlay === undefined ? base : withOverlay(base, overlay), nowMs);
  }

  function refreshBook(book: string, nowMs: number): void {
    if (book.startsWith("kalshi:")) refresh(kalshiVenue, book.slice("kalshi:".length), nowMs);
    else refresh(polyVenue, book.slice("polymarket:".length), nowMs);
  }

  /**
   * The makers requote every market once per `requoteMs`, spread over the ticks in between: market i on the ticks
   * whose index is i modulo the ticks per requote. All at once, one tick would send every market's frames in one
   * long turn of the event loop, and a window opened on that tick would reach the clients behind them.
   */
  const ticksPerRequote = Math.max(1, Math.round(mm.requoteMs / scenario.tickMs));
  const requoteSlot = (index: number, nowMs: number): boolean => index % ticksPerRequote === Math.round((nowMs - t0) / scenario.tickMs) % ticksPerRequote;

  function requoteVenue<E, Req, R extends Placed>(v: HouseVenue<E, Req, R>, marketIds: readonly string[], nowMs: number): void {
    let index = 0;
    for (const marketId of marketIds) {
      if (!requoteSlot(index++, nowMs)) continue;
      const book = v.bookOf(marketId);
      // A pinned book, a window's book and a late fill's frozen book are left alone.
      if (pinned.has(book) || overlayOn(book) !== undefined || v.exchange.market(marketId)?.status !== "active") continue;
      if ((frozenUntil.get(book) ?? Number.NEGATIVE_INFINITY) > nowMs) continue;
      const levels = baseLevels(v, marketId);
      quoted.set(book, levels);
      replaceHouse(v, marketId, levels, nowMs);
    }
  }

  function lateFill<E, Req, R extends Placed>(v: HouseVenue<E, Req, R>, req: Req, delayMs: number): VenueStep<R, E> {
    const nowMs = clock();
    const at = v.exchange.restingAt(req);
    const base = baseLevels(v, at.marketId);
    const keep = (levels: ReadonlyMap<number, number>, crossing: (p: number) => boolean) => new Map([...levels].filter(([p]) => !crossing(p)));
    const withdrawn: HouseLevels =
      at.side === "bid"
        ? { bids: base.bids, asks: keep(base.asks, (p) => p <= at.priceUnits) }
        : { bids: keep(base.bids, (p) => p >= at.priceUnits), asks: base.asks };
    frozenUntil.set(v.bookOf(at.marketId), nowMs + delayMs);
    replaceHouse(v, at.marketId, withdrawn, nowMs);
    const placed = v.exchange.submitResting(req, nowMs);
    v.publish(placed);
    const r: Placed = placed.result;
    if (r.ok) {
      const orderId = r.order.orderId;
      schedule(nowMs + delayMs, (t) => {
        const filled = v.exchange.fillRest(orderId, v.house, t);
        if (filled !== undefined) v.publish(filled);
      });
    }
    return placed;
  }

  function pin(book: string, levels: HouseLevels): void {
    pinned.set(book, levels);
    refreshBook(book, clock());
  }

  return {
    refreshBook,
    requote(nowMs) {
      requoteVenue(kalshiVenue, markets.kalshiTickers, nowMs);
      requoteVenue(polyVenue, markets.conditionIds, nowMs);
    },
    pinKalshi(ticker, yes, no) {
      if (kalshi.market(ticker) === undefined) throw new RangeError(`unknown Kalshi market ${ticker}`);
      // Kalshi's book is YES-quoted: a NO bid at q is a YES ask at 1 − q.
      pin(kalshiBook(ticker), { bids: new Map(yes.map(([p, s]) => [p, s])), asks: new Map(no.map(([q, s]) => [ONE_DOLLAR_UNITS - q, s])) });
    },
    pinPolymarket(tokenId, bids, asks) {
      const t = polymarket.marketOfToken(tokenId);
      if (t === undefined) throw new RangeError(`unknown Polymarket token ${tokenId}`);
      const mirror = (p: number): number => (t.tokenIndex === 0 ? p : ONE_DOLLAR_UNITS - p);
      const levels: HouseLevels =
        t.tokenIndex === 0
          ? { bids: new Map(bids.map(([p, s]) => [p, s])), asks: new Map(asks.map(([p, s]) => [p, s])) }
          : { bids: new Map(asks.map(([p, s]) => [mirror(p), s])), asks: new Map(bids.map(([p, s]) => [mirror(p), s])) };
      pin(polyBook(t.market.conditionId), levels);
    },
    lateFillKalshi: (req, delayMs) => lateFill(kalshiVenue, req, delayMs),
    lateFillPolymarket: (req, delayMs) => lateFill(polyVenue, req, delayMs),
  };
}
