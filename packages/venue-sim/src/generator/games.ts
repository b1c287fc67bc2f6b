import type { League, Scenario } from "../scenario/schema.js";
import type { Rng } from "./rng.js";
import { LEAGUE_INFO, type Team } from "./teams.js";

/** One outcome market of a game: a team to win, or the tie (soccer). */
export interface GameMarket {
  readonly ticker: string;
  /** Team code, or "TIE". */
  readonly outcome: string;
  readonly yesSubTitle: string;
  readonly noSubTitle: string;
}

/** A game with its Kalshi listing; `gameId` and the team codes are what the Polymarket side will key on. */
export interface Game {
  readonly gameId: string;
  readonly league: League;
  readonly away: Team;
  readonly home: Team;
  readonly startMs: number;
  readonly endMs: number;
  readonly settleMs: number;
  readonly seriesTicker: string;
  readonly eventTicker: string;
  readonly title: string;
  readonly markets: readonly GameMarket[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;

/** Kalshi's event date code: 2026-11-25 → "26NOV25". */
export function dateCode(ms: number): string {
  const d = new Date(ms);
  const yy = String(d.getUTCFullYear() % 100).padStart(2, "0");
  const dd = String(d.getUTCDate()).padStart(2, "0");
  return `${yy}${MONTHS[d.getUTCMonth()] ?? "JAN"}${dd}`;
}

/** Pure: the scenario's games, drawn from the seeded PRNG only; times count from `originMs`, the run's start. */
export function generateGames(scenario: Scenario, rng: Rng, originMs: number): Game[] {
  const calendarMs = scenario.startMs ?? originMs;
  const games: Game[] = [];
  const used = new Set<string>();
  const cfg = scenario.games;
  for (let i = 0; i < cfg.count; i++) {
    const league = rng.pick(cfg.leagues);
    const info = LEAGUE_INFO[league];
    const away = rng.pick(info.teams);
    let home = rng.pick(info.teams);
    while (home.code === away.code) home = rng.pick(info.teams);
    const offsetMs = cfg.firstStartMs + i * cfg.spacingMs;
    const startMs = originMs + offsetMs;
    const day = dateCode(calendarMs + offsetMs);
    const base = `${info.series}-${day}${away.code}${home.code}`;
    // A rematch on the same day gets a game number suffix, as double-headers do.
    let suffix = "";
    for (let k = 2; used.has(base + suffix); k++) suffix = `G${k}`;
    const eventTicker = base + suffix;
    used.add(eventTicker);
    const title = `${away.name} at ${home.name} Winner?`;
    const teamMarket = (team: Team): GameMarket => ({
      ticker: `${eventTicker}-${team.code}`,
      outcome: team.code,
      yesSubTitle: team.name,
      noSubTitle: team.name,
    });
    const markets = [teamMarket(away), teamMarket(home)];
    if (info.hasTie) markets.push({ ticker: `${eventTicker}-TIE`, outcome: "TIE", yesSubTitle: "Tie", noSubTitle: "Tie" });
    games.push({
      gameId: `${league}-${day}-${away.code}-${home.code}${suffix === "" ? "" : `-${suffix}`}`,
      league,
      away,
      home,
      startMs,
      endMs: startMs + cfg.durationMs,
      settleMs: startMs + cfg.durationMs + cfg.settleDelayMs,
      seriesTicker: info.series,
      eventTicker,
      title,
      markets,
    });
  }
  return games;
}
