import { ONE_DOLLAR_UNITS } from "@arb/domain";
import { type EventFeeOverride, type FeeRates, computeOverrideRates } from "../exchange/fee-override.js";
import type { KalshiExchange } from "../exchange/kalshi.js";
import type { PolymarketExchange, TokenIndex } from "../exchange/polymarket.js";
import { type FairState, drawWinner, initialFair, outcomeFairUnits, stepFair } from "../generator/fair-value.js";
import type { Game } from "../generator/games.js";
import { type PolymarketListing, type PolymarketMarketListing, firstOutcomeFairUnits } from "../generator/polymarket-listing.js";
import type { Rng } from "../generator/rng.js";
import type { EventLog } from "../log/event-log.js";
import type { Scenario } from "../scenario/schema.js";
import type { Bus } from "./bus.js";
import type { Steps } from "./steps.js";

export const KALSHI_TICK_UNITS = 100;

/**
 * The generated world on both venues' exchanges: every game's markets listed, one seeded fair value per game that
 * drives both venues' prices, the games' close and settlement, and Kalshi's event fee overrides.
 */
export interface Markets {
  /** Kalshi tickers in listing order (game by game). */
  readonly kalshiTickers: readonly string[];
  /** Polymarket condition ids in listing order. */
  readonly conditionIds: readonly string[];
  polymarketMarket(conditionId: string): PolymarketMarketListing | undefined;
  /** Fair YES price of a Kalshi market. */
  kalshiFair(ticker: string): number;
  /** Fair price of a Polymarket token (the same fair value that drives Kalshi). */
  tokenFair(conditionId: string, tokenIndex: TokenIndex): number;
  /** Moves every running game's fair value one tick, then closes and settles the games that are due. */
  tick(nowMs: number): void;
  /** Sets (undefined: clears) a Kalshi event's fee override: its markets' next fills pay the override's rates. */
  setEventFee(eventTicker: string, override: EventFeeOverride | undefined): FeeRates;
  /** The venue moves a Polymarket market's tick. */
  setPolymarketTick(conditionId: string, tickUnits: number): void;
}

export interface MarketsDeps {
  readonly scenario: Scenario;
  readonly games: readonly Game[];
  readonly listing: PolymarketListing;
  readonly rng: Rng;
  readonly kalshi: KalshiExchange;
  readonly polymarket: PolymarketExchange;
  readonly steps: Steps;
  readonly clock: () => number;
  readonly log: EventLog;
  readonly bus: Bus;
}

export function createMarkets({ scenario, games, listing, rng, kalshi, polymarket, steps, clock, log, bus }: MarketsDeps): Markets {
  const fair = new Map<string, FairState>();
  const polyMarkets = new Map<string, { readonly listing: PolymarketMarketListing; readonly game: Game }>();
  // Indexes built once at generation so a tick is linear in the games and a requote's fair-value lookup constant.
  const polyMarketsByGame = new Map<Game, PolymarketMarketListing[]>();
  const kalshiMarketGame = new Map<string, { readonly game: Game; readonly outcome: string }>();

  /** A series' own rates: what its markets charge with no event fee override. */
  function seriesRates(seriesTicker: string): FeeRates {
    const fees = scenario.kalshi.series[seriesTicker];
    return { takerRatePpm: fees?.takerRatePpm ?? scenario.kalshi.takerRatePpm, makerRatePpm: fees?.makerRatePpm ?? scenario.kalshi.makerRatePpm };
  }

  for (const g of games) {
    fair.set(g.gameId, initialFair(rng));
    for (const m of g.markets) {
      kalshiMarketGame.set(m.ticker, { game: g, outcome: m.outcome });
      kalshi.addMarket({
        ticker: m.ticker,
        eventTicker: g.eventTicker,
        seriesTicker: g.seriesTicker,
        ...seriesRates(g.seriesTicker),
        tickUnits: KALSHI_TICK_UNITS,
      });
    }
  }
  listing.events.forEach((e, i) => {
    const game = games[i];
    if (game === undefined) return;
    const ofGame = polyMarketsByGame.get(game) ?? [];
    polyMarketsByGame.set(game, ofGame);
    for (const m of e.markets) {
      polyMarkets.set(m.conditionId, { listing: m, game });
      ofGame.push(m);
      polymarket.addMarket({
        conditionId: m.conditionId,
        tokenIds: [m.outcomes[0].tokenId, m.outcomes[1].tokenId],
        tickUnits: m.tickUnits,
        minOrderHundredths: m.minOrderHundredths,
        takerRatePpm: m.takerRatePpm,
        feeExponent: m.feeExponent,
        negRisk: m.negRisk,
      });
    }
  });

  const outcomeFair = (g: Game): Map<string, number> => outcomeFairUnits(g, fair.get(g.gameId) ?? { logit: 0 });

  function lifecycle(nowMs: number): void {
    for (const g of games) {
      const first = kalshi.market(g.markets[0]?.ticker ?? "");
      if (first === undefined) continue;
      const polyOfGame = polyMarketsByGame.get(g) ?? [];
      if (nowMs >= g.endMs && first.status === "active") {
        for (const m of g.markets) steps.publishKalshi(kalshi.closeMarket(m.ticker, nowMs));
        for (const m of polyOfGame) steps.publishPolymarket(polymarket.closeMarket(m.conditionId, nowMs));
      }
      if (nowMs >= g.settleMs && first.status !== "finalized") {
        const winner = drawWinner(g, fair.get(g.gameId) ?? { logit: 0 }, rng);
        for (const m of g.markets) steps.publishKalshi(kalshi.settleMarket(m.ticker, m.outcome === winner ? "yes" : "no", nowMs));
        for (const m of polyOfGame) {
          const pays = m.outcomes[0].pays;
          const firstWins = pays.startsWith("!") ? pays.slice(1) !== winner : pays === winner;
          steps.publishPolymarket(polymarket.resolveMarket(m.conditionId, firstWins ? 0 : 1, nowMs));
        }
      }
    }
  }

  return {
    kalshiTickers: games.flatMap((g) => g.markets.map((m) => m.ticker)),
    conditionIds: [...polyMarkets.keys()],
    polymarketMarket: (conditionId) => polyMarkets.get(conditionId)?.listing,
    kalshiFair(ticker) {
      const m = kalshiMarketGame.get(ticker);
      if (m === undefined || !fair.has(m.game.gameId)) return 5000;
      return outcomeFair(m.game).get(m.outcome) ?? 5000;
    },
    tokenFair(conditionId, tokenIndex) {
      const pm = polyMarkets.get(conditionId);
      if (pm === undefined) return 5000;
      const first = firstOutcomeFairUnits(pm.listing, outcomeFair(pm.game));
      return tokenIndex === 0 ? first : ONE_DOLLAR_UNITS - first;
    },
    tick(nowMs) {
      for (const g of games) {
        const f = fair.get(g.gameId);
        if (f !== undefined && nowMs < g.endMs) fair.set(g.gameId, stepFair(f, rng, scenario.tickMs, scenario.marketMakers.volatilityBps));
      }
      lifecycle(nowMs);
    },
    setEventFee(eventTicker, override) {
      const game = games.find((g) => g.eventTicker === eventTicker);
      if (game === undefined) throw new RangeError(`no Kalshi event ${eventTicker}`);
      const base = seriesRates(game.seriesTicker);
      const rates = override === undefined ? base : computeOverrideRates(base, override);
      for (const m of game.markets) kalshi.setFees(m.ticker, rates.takerRatePpm, rates.makerRatePpm);
      log.append("event-fee.changed", clock(), {
        venue: "kalshi",
        eventTicker,
        feeType: override?.feeType ?? null,
        multiplierMillionths: override?.multiplierMillionths ?? null,
        ...rates,
      });
      bus.publish({ kind: "event-fee.changed", eventTicker, override });
      return rates;
    },
    setPolymarketTick(conditionId, tickUnits) {
      const m = polymarket.market(conditionId);
      if (m === undefined) throw new RangeError(`unknown Polymarket market ${conditionId}`);
      polymarket.setTick(conditionId, tickUnits);
      log.append("tick-size.changed", clock(), { venue: "polymarket", conditionId, oldTickUnits: m.tickUnits, newTickUnits: tickUnits });
      bus.publish({ kind: "tick-size.changed", conditionId, oldTickUnits: m.tickUnits, newTickUnits: tickUnits });
    },
  };
}
