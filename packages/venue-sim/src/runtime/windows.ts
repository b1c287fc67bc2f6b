import { type ArbType, ONE_DOLLAR_UNITS } from "@arb/domain";
import type { VenueMarkets } from "../exchange/house.js";
import type { KalshiExchange } from "../exchange/kalshi.js";
import { type PolymarketExchange, yesSpace } from "../exchange/polymarket.js";
import type { PolymarketListing, TwinPair } from "../generator/polymarket-listing.js";
import { type LegRules, computeWindowProfitMicros, planLegQuote } from "../generator/quotes.js";
import type { EventLog } from "../log/event-log.js";
import type { ArbLeg, ArbWindow, Bus, Venue } from "./bus.js";
import { type Makers, type Overlay, kalshiBook, polyBook } from "./makers.js";
import type { Markets } from "./markets.js";
import type { Steps } from "./steps.js";

/**
 * Injected arbitrage windows: each puts its asks on one or two books for a while, on top of the makers' last quote,
 * pushing aside the maker levels that would make a venue arbitrageable alone. Opening or closing one is one step.
 */
export interface Windows {
  inject(kind: ArbType, market: string | undefined, edgeBps: number, sizeHundredths: number, durationMs: number): ArbWindow;
  /** The overlay of the window open on a book (kalshiBook / polyBook key), if any. */
  overlayOn(book: string): Overlay | undefined;
}

export interface WindowsDeps {
  readonly kalshi: KalshiExchange;
  readonly polymarket: PolymarketExchange;
  readonly listing: PolymarketListing;
  readonly markets: Markets;
  readonly makers: Makers;
  readonly steps: Steps;
  readonly clock: () => number;
  readonly schedule: (atMs: number, run: (nowMs: number) => void) => void;
  readonly nextId: () => string;
  readonly log: EventLog;
  readonly bus: Bus;
}

interface OpenWindow {
  readonly window: ArbWindow;
  readonly overlays: ReadonlyMap<string, Overlay>;
}

type WindowPlan = Omit<ArbWindow, "windowId" | "openedMs" | "closesMs" | "theoreticalProfitMicros"> & { overlays: Map<string, Overlay> };

const NO_CLEAR_BIDS = Number.POSITIVE_INFINITY;
const NO_CLEAR_ASKS = Number.NEGATIVE_INFINITY;

/** One venue as the windows see it: its markets, in listing order, their books, and where a same-market window centres. */
interface WindowVenue {
  /** The venue's name in messages. */
  readonly name: string;
  readonly exchange: VenueMarkets;
  readonly marketIds: readonly string[];
  readonly bookOf: (marketId: string) => string;
  /** The YES price a same-market window's quote centres on. */
  readonly centre: (marketId: string) => number;
  /** The tokens of a market's YES and NO legs ("" on Kalshi). */
  readonly tokenIds: (marketId: string) => readonly [string, string];
}

export function createWindows({ kalshi, polymarket, listing, markets, makers, steps, clock, schedule, nextId, log, bus }: WindowsDeps): Windows {
  const windows = new Map<string, OpenWindow>();
  const windowByBook = new Map<string, string>();

  function closeWindow(id: string, nowMs: number): void {
    const open = windows.get(id);
    if (open === undefined) return;
    windows.delete(id);
    steps.asOneStep(() => {
      for (const book of open.overlays.keys()) {
        if (windowByBook.get(book) === id) windowByBook.delete(book);
        makers.refreshBook(book, nowMs);
      }
    });
    log.append("arb.window-closed", nowMs, { step: steps.current(), window: open.window });
    bus.publish({ kind: "arb.window-closed", window: open.window });
  }

  /** The pair of a Kalshi ticker, or the first usable one (active on both venues, not a trap, no open window). */
  function twinOf(ticker: string | undefined): TwinPair {
    const usable = (p: TwinPair): boolean =>
      kalshi.market(p.ticker)?.status === "active" &&
      polymarket.market(p.conditionId)?.status === "active" &&
      !windowByBook.has(kalshiBook(p.ticker)) &&
      !windowByBook.has(polyBook(p.conditionId));
    const pair = ticker === undefined ? listing.pairs.find((p) => !p.trap && usable(p)) : listing.pairs.find((p) => p.ticker === ticker);
    if (pair === undefined || kalshi.market(pair.ticker)?.status !== "active" || polymarket.market(pair.conditionId)?.status !== "active") {
      throw new RangeError(`no open Kalshi/Polymarket pair ${ticker ?? "to inject into"}`);
    }
    return pair;
  }

  /** Centre on the book when it has both sides (a pinned book need not sit at fair value). */
  function kalshiCentre(ticker: string): number {
    const market = kalshi.market(ticker);
    const bid = market?.book.bids[0]?.priceUnits;
    const ask = market?.book.asks[0]?.priceUnits;
    return bid !== undefined && ask !== undefined && bid < ask ? Math.round((bid + ask) / 2) : markets.kalshiFair(ticker);
  }

  const venues: Readonly<Record<Venue, WindowVenue>> = {
    kalshi: {
      name: "Kalshi",
      exchange: kalshi,
      marketIds: markets.kalshiTickers,
      bookOf: kalshiBook,
      centre: kalshiCentre,
      tokenIds: () => ["", ""],
    },
    polymarket: {
      name: "Polymarket",
      exchange: polymarket,
      marketIds: markets.conditionIds,
      bookOf: polyBook,
      centre: (conditionId) => markets.tokenFair(conditionId, 0),
      tokenIds: (conditionId) => polymarket.market(conditionId)?.tokenIds ?? ["", ""],
    },
  };

  /** A market's tick and the fee schedule its takers pay now. */
  function rulesOf(venue: Venue, marketId: string): LegRules {
    const v = venues[venue];
    const tickUnits = v.exchange.market(marketId)?.tickUnits;
    const fees = v.exchange.takerFees(marketId);
    if (tickUnits === undefined || fees === undefined) throw new RangeError(`unknown ${v.name} market ${marketId}`);
    return { tickUnits, fees };
  }

  /** A same-market window: both asks on one book, which it crosses on purpose, so nothing is cleared. */
  function planSameMarket(venue: Venue, kind: ArbType, market: string | undefined, edgeBps: number, size: number): WindowPlan {
    const v = venues[venue];
    const active = (id: string): boolean => v.exchange.market(id)?.status === "active";
    const id = market ?? v.marketIds.find((m) => active(m) && !windowByBook.has(v.bookOf(m)));
    if (id === undefined || !active(id)) throw new RangeError(`no open ${v.name} market ${market ?? "to inject into"}`);
    const rules = rulesOf(venue, id);
    const q = planLegQuote(v.centre(id), edgeBps, rules, rules);
    const [yesTokenId, noTokenId] = v.tokenIds(id);
    const legs: [ArbLeg, ArbLeg] = [
      { venue, market: id, tokenId: yesTokenId, outcome: "yes", askUnits: q.yesAskUnits },
      { venue, market: id, tokenId: noTokenId, outcome: "no", askUnits: q.noAskUnits },
    ];
    const overlay: Overlay = {
      bids: [[ONE_DOLLAR_UNITS - q.noAskUnits, size]],
      asks: [[q.yesAskUnits, size]],
      clearBidsFrom: NO_CLEAR_BIDS,
      clearAsksTo: NO_CLEAR_ASKS,
    };
    const overlays = new Map([[v.bookOf(id), overlay]]);
    return { kind, venue, ticker: venue === "kalshi" ? id : "", conditionId: venue === "polymarket" ? id : "", ...q, sizeHundredths: size, legs, overlays };
  }

  /** The overlay that puts an ask for one leg on its venue's book, clearing maker levels that would cross it. */
  function legOverlay(leg: ArbLeg, size: number): [string, Overlay] {
    if (leg.venue === "kalshi") {
      // Kalshi's book is YES-quoted: a NO ask at q is a bid at 1 − q.
      return leg.outcome === "yes"
        ? [kalshiBook(leg.market), { bids: [], asks: [[leg.askUnits, size]], clearBidsFrom: leg.askUnits, clearAsksTo: NO_CLEAR_ASKS }]
        : [
            kalshiBook(leg.market),
            { bids: [[ONE_DOLLAR_UNITS - leg.askUnits, size]], asks: [], clearBidsFrom: NO_CLEAR_BIDS, clearAsksTo: ONE_DOLLAR_UNITS - leg.askUnits },
          ];
    }
    const idx = polymarket.marketOfToken(leg.tokenId)?.tokenIndex ?? 0;
    const y = yesSpace(idx, "SELL", leg.askUnits);
    return y.side === "ask"
      ? [polyBook(leg.market), { bids: [], asks: [[y.priceUnits, size]], clearBidsFrom: y.priceUnits, clearAsksTo: NO_CLEAR_ASKS }]
      : [polyBook(leg.market), { bids: [[y.priceUnits, size]], asks: [], clearBidsFrom: NO_CLEAR_BIDS, clearAsksTo: y.priceUnits }];
  }

  /** The window's theoretical profit with each leg's market's current taker rates. */
  function profitOf(legs: readonly [ArbLeg, ArbLeg], size: number): number {
    const fees = (l: ArbLeg) => rulesOf(l.venue, l.market).fees;
    return computeWindowProfitMicros(size, [
      { askUnits: legs[0].askUnits, fees: fees(legs[0]) },
      { askUnits: legs[1].askUnits, fees: fees(legs[1]) },
    ]);
  }

  function planWindow(kind: ArbType, market: string | undefined, edgeBps: number, size: number): WindowPlan {
    if (kind === "kalshi_same_market") return planSameMarket("kalshi", kind, market, edgeBps, size);
    if (kind === "poly_same_market") return planSameMarket("polymarket", kind, market, edgeBps, size);
    const pair = twinOf(market);
    const polyYes = kind === "poly_yes_kalshi_no";
    const fairYes = polyYes ? markets.tokenFair(pair.conditionId, polymarket.marketOfToken(pair.yesTokenId)?.tokenIndex ?? 0) : kalshiCentre(pair.ticker);
    const kRules = rulesOf("kalshi", pair.ticker);
    const pRules = rulesOf("polymarket", pair.conditionId);
    const q = polyYes ? planLegQuote(fairYes, edgeBps, pRules, kRules) : planLegQuote(fairYes, edgeBps, kRules, pRules);
    const legs: [ArbLeg, ArbLeg] = polyYes
      ? [
          { venue: "polymarket", market: pair.conditionId, tokenId: pair.yesTokenId, outcome: "yes", askUnits: q.yesAskUnits },
          { venue: "kalshi", market: pair.ticker, tokenId: "", outcome: "no", askUnits: q.noAskUnits },
        ]
      : [
          { venue: "kalshi", market: pair.ticker, tokenId: "", outcome: "yes", askUnits: q.yesAskUnits },
          { venue: "polymarket", market: pair.conditionId, tokenId: pair.noTokenId, outcome: "no", askUnits: q.noAskUnits },
        ];
    const overlays = new Map(legs.map((l) => legOverlay(l, size)));
    return { kind, venue: "cross", ticker: pair.ticker, conditionId: pair.conditionId, ...q, sizeHundredths: size, legs, overlays };
  }

  return {
    /** Opens a window: closing any window on its books and putting its asks up is one step on both venues. */
    inject(kind, market, edgeBps, sizeHundredths, durationMs) {
      const nowMs = clock();
      const { overlays, ...plan } = planWindow(kind, market, edgeBps, sizeHundredths);
      const theoreticalProfitMicros = profitOf(plan.legs, sizeHundredths);
      const w = steps.asOneStep(() => {
        for (const book of overlays.keys()) {
          const prior = windowByBook.get(book);
          if (prior !== undefined) closeWindow(prior, nowMs);
        }
        const opened: ArbWindow = { windowId: nextId(), ...plan, theoreticalProfitMicros, openedMs: nowMs, closesMs: nowMs + durationMs };
        windows.set(opened.windowId, { window: opened, overlays });
        for (const book of overlays.keys()) {
          windowByBook.set(book, opened.windowId);
          makers.refreshBook(book, nowMs);
        }
        return opened;
      });
      // The step that put the window's asks up: its frames carry the same number (their per-client send stamps).
      log.append("arb.window-opened", nowMs, { step: steps.current(), window: w });
      bus.publish({ kind: "arb.window-opened", window: w });
      schedule(w.closesMs, (t) => closeWindow(w.windowId, t));
      return w;
    },
    overlayOn: (book) => windows.get(windowByBook.get(book) ?? "")?.overlays.get(book),
  };
}
