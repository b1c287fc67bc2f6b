import { type kalshiWire, parseKalshiTicker, type polymarketWire } from "@arb/venues";
import { type League, normalizeName, resolveTeam } from "./leagues.js";

/** What a market pays on: a team code, "TIE" (the draw), or "!X" (X does not happen). */
export type Pays = string;
export type MarketKind = "moneyline" | "spread" | "total" | "prop";

export interface KalshiGameMarket {
  readonly ticker: string;
  /** Team code or "TIE" that YES pays on, from the ticker suffix, checked against `yes_sub_title`. */
  readonly yesPays: Pays | undefined;
  readonly yesSubTitle: string;
  readonly title: string;
  readonly rules: string;
  readonly status: string;
}

export interface KalshiGame {
  readonly league: League;
  readonly eventTicker: string;
  readonly seriesTicker: string;
  readonly title: string;
  /** Away, home (Kalshi's ticker order). */
  readonly teams: readonly [string, string];
  readonly startMs: number;
  /** "day" when only the ticker's date code was known. */
  readonly timePrecision: "exact" | "day";
  readonly kind: MarketKind;
  readonly markets: readonly KalshiGameMarket[];
  readonly problems: readonly string[];
}

export interface PolyOutcome {
  readonly label: string;
  readonly tokenId: string;
  readonly pays: Pays | undefined;
}

export interface PolyGameMarket {
  readonly conditionId: string;
  readonly question: string;
  readonly kind: MarketKind;
  readonly outcomes: readonly PolyOutcome[];
  readonly rules: string;
  /** Outcomes are team names listed in the opposite order to the event title: the listing contradicts itself. */
  readonly orderContradictsTitle: boolean;
  readonly closed: boolean;
}

export interface PolyGame {
  readonly league: League;
  readonly eventId: string;
  readonly slug: string;
  readonly title: string;
  /** In title order. */
  readonly teams: readonly [string, string];
  readonly startMs: number;
  readonly timePrecision: "exact" | "day";
  readonly markets: readonly PolyGameMarket[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** Pure: "26NOV25LALBOS" → date and the two team codes; tries each split of the letters into two known codes. */
export function parseKalshiEventSuffix(league: League, suffix: string): { dayMs: number; teams: [string, string] } | undefined {
  const m = /^(\d{2})([A-Z]{3})(\d{2})(?:\d{4})?([A-Z0-9]+?)(?:G\d+)?$/.exec(suffix);
  if (m === null) return undefined;
  const month = MONTHS.indexOf(m[2] ?? "");
  const letters = m[4] ?? "";
  if (month < 0) return undefined;
  const dayMs = Date.UTC(2000 + Number(m[1]), month, Number(m[3]));
  const codes = new Set(league.teams.map((t) => t.code));
  for (let i = 1; i < letters.length; i++) {
    const a = letters.slice(0, i);
    const b = letters.slice(i);
    if (codes.has(a) && codes.has(b) && a !== b) return { dayMs, teams: [a, b] };
  }
  return undefined;
}

function kindOfText(text: string): MarketKind {
  const t = text.toLowerCase();
  if (/spread|handicap|(^|\s)[+-]\d+(\.\d)?\b|\bby \d+/.test(t)) return "spread";
  if (/total|over\/under|\bo\/u\b|over \d|under \d|points scored/.test(t)) return "total";
  if (/player|first (scorer|touchdown|goal)|mvp|score (a|the)|yards|rebounds|assists|strikeouts|home runs?/.test(t)) return "prop";
  return "moneyline";
}

const parseTime = (s: string | null | undefined): number | undefined => {
  if (s === undefined || s === null || s === "") return undefined;
  // Gamma's gameStartTime reads "2026-11-25 19:00:00+00".
  const iso = s.includes("T") ? s : s.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00");
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

/** Pure: a Kalshi event of a league's game series (nested markets) → a game, or undefined when it is not one of that league's. */
export function parseKalshiEvent(league: League, e: kalshiWire.KalshiEvent): KalshiGame | undefined {
  const isGameSeries = league.kalshiSeries.includes(e.series_ticker);
  const prefix = `${e.series_ticker}-`;
  if (!e.event_ticker.startsWith(prefix)) return undefined;
  const parsed = parseKalshiEventSuffix(league, e.event_ticker.slice(prefix.length));
  if (parsed === undefined) return undefined;
  const title = e.title ?? "";
  const exact = parseTime(e.strike_date) ?? parseTime(e.markets?.[0]?.occurrence_datetime);
  const problems: string[] = [];
  const markets = (e.markets ?? []).map((m): KalshiGameMarket => {
    const yesSubTitle = m.yes_sub_title ?? "";
    const suffix = parseKalshiTicker(m.ticker).outcome;
    const bySuffix = suffix === "TIE" ? "TIE" : parsed.teams.includes(suffix) ? suffix : undefined;
    const sub = normalizeName(yesSubTitle);
    const bySub = sub === "tie" || sub === "draw" ? "TIE" : resolveTeam(league, yesSubTitle);
    if (bySuffix !== undefined && bySub !== undefined && bySuffix !== bySub) problems.push(`${m.ticker}: ticker says ${bySuffix}, yes_sub_title says ${bySub}`);
    const yesPays = bySuffix !== undefined && (bySub === undefined || bySub === bySuffix) ? bySuffix : undefined;
    const rules = [m.rules_primary ?? "", m.rules_secondary ?? ""].filter((r) => r !== "").join("\n");
    return { ticker: m.ticker, yesPays, yesSubTitle, title: m.title || title, rules, status: m.status };
  });
  return {
    league,
    eventTicker: e.event_ticker,
    seriesTicker: e.series_ticker,
    title,
    teams: parsed.teams,
    startMs: exact ?? parsed.dayMs,
    timePrecision: exact === undefined ? "day" : "exact",
    kind: isGameSeries ? "moneyline" : kindOfText(`${e.series_ticker} ${title}`),
    markets,
    problems,
  };
}

/** Pure: "Los Angeles Lakers vs. Boston Celtics" (also "at", "@", "-") → two codes in title order. */
function teamsOfTitle(league: League, title: string): [string, string] | undefined {
  const parts = title.split(/\s+(?:vs\.?|v\.?|at|@|-)\s+/i);
  if (parts.length !== 2) return undefined;
  const a = resolveTeam(league, (parts[0] ?? "").replace(/^.*:\s*/, ""));
  const b = resolveTeam(league, (parts[1] ?? "").replace(/\s*[(?].*$/, ""));
  return a !== undefined && b !== undefined && a !== b ? [a, b] : undefined;
}

/** Pure: the proposition of a Yes/No market's question ("Will Arsenal FC win on …?" → ARS; "… end in a draw?" → TIE). */
function subjectOfQuestion(league: League, question: string, groupItemTitle: string | null | undefined): Pays | undefined {
  if (/\b(draw|tie)\b/i.test(question)) return "TIE";
  const m = /^will (?:the )?(.+?) (?:win|beat|defeat)\b/i.exec(question.trim());
  const fromQuestion = m?.[1] === undefined ? undefined : resolveTeam(league, m[1]);
  return fromQuestion ?? (groupItemTitle ? resolveTeam(league, groupItemTitle) : undefined);
}

function outcomesOf(
  league: League,
  m: polymarketWire.PolyGammaMarket,
  titleTeams: readonly [string, string],
): { outcomes: PolyOutcome[]; orderContradictsTitle: boolean } {
  const labels = m.outcomes ?? [];
  const tokens = m.clobTokenIds ?? [];
  if (labels.length !== 2 || tokens.length !== 2)
    return { outcomes: labels.map((label, i) => ({ label, tokenId: tokens[i] ?? "", pays: undefined })), orderContradictsTitle: false };
  const lower = labels.map((l) => l.trim().toLowerCase());
  if (lower.includes("yes") && lower.includes("no")) {
    const subject = subjectOfQuestion(league, m.question ?? "", m.groupItemTitle);
    return {
      outcomes: labels.map((label, i) => ({
        label,
        tokenId: tokens[i] ?? "",
        pays: subject === undefined ? undefined : lower[i] === "yes" ? subject : `!${subject}`,
      })),
      orderContradictsTitle: false,
    };
  }
  const codes = labels.map((l) => resolveTeam(league, l));
  const outcomes = labels.map((label, i) => ({ label, tokenId: tokens[i] ?? "", pays: codes[i] }));
  const orderContradictsTitle = codes[0] === titleTeams[1] && codes[1] === titleTeams[0];
  return { outcomes, orderContradictsTitle };
}

/** Pure: a Gamma event → a game of this league, or undefined when its title names no two teams of it. */
export function parseGammaEvent(league: League, e: polymarketWire.PolyGammaEvent): PolyGame | undefined {
  const title = e.title ?? "";
  const slug = e.slug ?? "";
  const teams = teamsOfTitle(league, title);
  if (teams === undefined) return undefined;
  const slugDay = /(\d{4}-\d{2}-\d{2})$/.exec(slug)?.[1];
  const exact = e.markets.map((m) => parseTime(m.gameStartTime)).find((t) => t !== undefined);
  const day = slugDay === undefined ? undefined : Date.parse(`${slugDay}T00:00:00Z`);
  const startMs = exact ?? day ?? parseTime(e.startDate);
  if (startMs === undefined) return undefined;
  const markets = e.markets.map((m): PolyGameMarket => {
    const { outcomes, orderContradictsTitle } = outcomesOf(league, m, teams);
    const question = m.question ?? "";
    const typed = m.sportsMarketType?.toLowerCase();
    const kind: MarketKind =
      typed === "moneyline"
        ? "moneyline"
        : typed === "spreads" || typed === "spread"
          ? "spread"
          : typed === "totals" || typed === "total"
            ? "total"
            : kindOfText(question);
    return {
      conditionId: m.conditionId,
      question,
      kind,
      outcomes,
      rules: [m.description || e.description || "", m.resolutionSource ?? e.resolutionSource ?? ""].filter((r) => r !== "").join("\n"),
      orderContradictsTitle,
      closed: m.closed === true || m.active === false,
    };
  });
  return { league, eventId: e.id, slug, title, teams, startMs, timePrecision: exact === undefined ? "day" : "exact", markets };
}
