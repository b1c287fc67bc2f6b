import { createHash } from "node:crypto";
import type { League, Scenario } from "../scenario/schema.js";
import type { Game } from "./games.js";
import { POLYMARKET_LEAGUE_TAGS, POLYMARKET_NAMES, type PolymarketTeamName } from "./polymarket-names.js";
import type { Team } from "./teams.js";

/** One outcome token of a Polymarket market. `pays` is the Kalshi outcome key it pays on: a team code or "TIE",
 *  or "!KEY" for "that outcome does not happen" (the No token of a Yes/No market). */
export interface PolymarketOutcome {
  readonly label: string;
  readonly tokenId: string;
  readonly pays: string;
}

export interface PolymarketMarketListing {
  readonly marketId: string;
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string;
  /** In the venue's order: outcomes[0] ↔ clobTokenIds[0]. */
  readonly outcomes: readonly [PolymarketOutcome, PolymarketOutcome];
  readonly negRisk: boolean;
  readonly takerRatePpm: number;
  readonly feeExponent: number;
  readonly tickUnits: number;
  readonly minOrderHundredths: number;
  readonly groupItemTitle: string;
}

export interface PolymarketEventListing {
  readonly eventId: string;
  readonly slug: string;
  readonly title: string;
  readonly league: League;
  readonly negRisk: boolean;
  readonly markets: readonly PolymarketMarketListing[];
  /** The listing deliberately names its outcomes in the opposite order to its title. */
  readonly trap: boolean;
}

/**
 * A Kalshi market and its Polymarket twin. `yesTokenId` pays exactly when Kalshi's YES pays. `polarity` says where
 * that token sits: "same" = outcomes[0] (the Yes-first reading a naive matcher takes), "inverted" = outcomes[1].
 */
export interface TwinPair {
  readonly ticker: string;
  readonly conditionId: string;
  readonly yesTokenId: string;
  readonly noTokenId: string;
  readonly polarity: "same" | "inverted";
  readonly trap: boolean;
}

export interface PolymarketListing {
  readonly events: readonly PolymarketEventListing[];
  readonly pairs: readonly TwinPair[];
}

function digest(seed: number, ...parts: string[]): string {
  return createHash("sha256")
    .update([String(seed), ...parts].join("\u0000"))
    .digest("hex");
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function nameOf(league: League, team: Team): PolymarketTeamName {
  return POLYMARKET_NAMES[league][team.code] ?? { full: team.name, nick: team.name, slug: team.code.toLowerCase() };
}

/**
 * Pure: Polymarket's listing of the generated games. Two-way leagues get one moneyline market whose outcomes are the
 * team nicknames (away first, as the title reads); soccer gets a neg-risk event of three Yes/No markets (each team,
 * the draw). The first `trapGames` two-way games list their outcomes home first under an "Away vs. Home" title.
 */
export function listPolymarket(games: readonly Game[], scenario: Scenario, originMs: number): PolymarketListing {
  const calendarMs = scenario.startMs ?? originMs;
  const cfg = scenario.polymarket;
  const events: PolymarketEventListing[] = [];
  const pairs: TwinPair[] = [];
  let trapsLeft = cfg.trapGames;
  let marketSeq = 0;
  games.forEach((g, gi) => {
    const fees = cfg.leagues[g.league];
    const base = {
      takerRatePpm: fees?.takerRatePpm ?? cfg.takerRatePpm,
      feeExponent: fees?.feeExponent ?? cfg.feeExponent,
      tickUnits: cfg.tickUnits,
      minOrderHundredths: cfg.minOrderHundredths,
    };
    const away = nameOf(g.league, g.away);
    const home = nameOf(g.league, g.home);
    const day = isoDay(calendarMs + (g.startMs - originMs));
    const tag = POLYMARKET_LEAGUE_TAGS[g.league].slug;
    const eventSlug = `${tag}-${away.slug}-${home.slug}-${day}`;
    const token = (key: string): string => BigInt(`0x${digest(scenario.seed, g.gameId, "token", key)}`).toString(10);
    const condition = (key: string): string => `0x${digest(scenario.seed, g.gameId, "condition", key)}`;
    const nextMarketId = (): string => String(600_000 + ++marketSeq);
    const tie = g.markets.find((m) => m.outcome === "TIE");
    if (tie === undefined) {
      const trap = trapsLeft > 0;
      if (trap) trapsLeft -= 1;
      const a: PolymarketOutcome = { label: away.nick, tokenId: token(g.away.code), pays: g.away.code };
      const h: PolymarketOutcome = { label: home.nick, tokenId: token(g.home.code), pays: g.home.code };
      const market: PolymarketMarketListing = {
        ...base,
        marketId: nextMarketId(),
        conditionId: condition("moneyline"),
        question: `${away.nick} vs. ${home.nick}`,
        slug: eventSlug,
        outcomes: trap ? [h, a] : [a, h],
        negRisk: false,
        groupItemTitle: `${away.nick} vs. ${home.nick}`,
      };
      events.push({
        eventId: String(90_000 + gi),
        slug: eventSlug,
        title: `${away.full} vs. ${home.full}`,
        league: g.league,
        negRisk: false,
        markets: [market],
        trap,
      });
      for (const km of g.markets) {
        const yesIdx = market.outcomes[0].pays === km.outcome ? 0 : 1;
        pairs.push({
          ticker: km.ticker,
          conditionId: market.conditionId,
          yesTokenId: market.outcomes[yesIdx].tokenId,
          noTokenId: market.outcomes[yesIdx === 0 ? 1 : 0].tokenId,
          polarity: yesIdx === 0 ? "same" : "inverted",
          trap,
        });
      }
      return;
    }
    const markets: PolymarketMarketListing[] = g.markets.map((km) => {
      const isTie = km.outcome === "TIE";
      const who = km.outcome === g.away.code ? away : home;
      const question = isTie ? `Will ${away.full} vs. ${home.full} end in a draw?` : `Will ${who.full} win on ${day}?`;
      return {
        ...base,
        marketId: nextMarketId(),
        conditionId: condition(km.outcome),
        question,
        slug: `${eventSlug}-${isTie ? "draw" : who.slug}`,
        outcomes: [
          { label: "Yes", tokenId: token(`${km.outcome}:yes`), pays: km.outcome },
          { label: "No", tokenId: token(`${km.outcome}:no`), pays: `!${km.outcome}` },
        ],
        negRisk: true,
        groupItemTitle: isTie ? `Draw (${away.nick} vs. ${home.nick})` : who.nick,
      };
    });
    events.push({
      eventId: String(90_000 + gi),
      slug: eventSlug,
      title: `${away.full} vs. ${home.full}`,
      league: g.league,
      negRisk: true,
      markets,
      trap: false,
    });
    g.markets.forEach((km, i) => {
      const m = markets[i];
      if (m !== undefined)
        pairs.push({
          ticker: km.ticker,
          conditionId: m.conditionId,
          yesTokenId: m.outcomes[0].tokenId,
          noTokenId: m.outcomes[1].tokenId,
          polarity: "same",
          trap: false,
        });
    });
  });
  return { events, pairs };
}

/** Pure: the fair price of a market's first outcome token, from the game's outcome fair values (units). */
export function firstOutcomeFairUnits(m: PolymarketMarketListing, outcomeFair: ReadonlyMap<string, number>): number {
  const pays = m.outcomes[0].pays;
  return pays.startsWith("!") ? 10_000 - (outcomeFair.get(pays.slice(1)) ?? 5000) : (outcomeFair.get(pays) ?? 5000);
}
