import type { KalshiGame, KalshiGameMarket, MarketKind, PolyGame, PolyGameMarket, PolyOutcome } from "./listing.js";
import { type RuleFlag, compareRules } from "./rules.js";

/** Why a candidate must not trade without a human: each makes the two sides pay differently in some world. */
export type SafetyFlag =
  | RuleFlag
  | "polarity-unverified"
  | "outcome-order-contradicts-title"
  | "draw-not-covered"
  | "kalshi-yes-ambiguous"
  | "not-moneyline"
  | "market-closed";

export type Decision = "accept" | "review" | "reject";

export interface PairCandidate {
  /** `${kalshiTicker}~${conditionId}`: stable across runs, the key of the mapping file. */
  readonly id: string;
  readonly league: string;
  readonly startMs: number;
  readonly kalshi: {
    readonly ticker: string;
    readonly eventTicker: string;
    /** Every market of the event: one per way the game can end, so the worst outcome of a game is known exactly. */
    readonly eventMarkets: readonly string[];
    readonly title: string;
    readonly yesSubTitle: string;
    readonly rules: string;
    readonly yesPays: string;
  };
  readonly polymarket: {
    readonly eventId: string;
    readonly conditionId: string;
    readonly title: string;
    readonly question: string;
    readonly rules: string;
    /** The token that pays exactly when Kalshi's YES pays, and its complement. */
    readonly yesTokenId: string;
    readonly noTokenId: string;
    readonly yesLabel: string;
    readonly noLabel: string;
    /** Index of `yesTokenId` in the venue's outcome list: 1 means a naive "first outcome = YES" reading is wrong. */
    readonly yesIndex: number;
  };
  readonly kind: MarketKind;
  /** 0..1 */
  readonly confidence: number;
  readonly reasons: readonly string[];
  readonly flags: readonly SafetyFlag[];
  readonly decision: Decision;
}

export interface MatchOptions {
  readonly minConfidence: number;
  readonly dateWindowMinutes: number;
  readonly includeSpreadsTotalsProps: boolean;
}

export interface MatchResult {
  readonly candidates: readonly PairCandidate[];
  /** Kalshi games with no Polymarket twin (or none close enough in time). */
  readonly unmatchedKalshi: readonly string[];
  readonly unmatchedPolymarket: readonly string[];
}

const sameTeams = (a: readonly [string, string], b: readonly [string, string]) => (a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0]);

function timeScore(k: KalshiGame, p: PolyGame, windowMs: number): { points: number; reason: string } | undefined {
  const diff = Math.abs(k.startMs - p.startMs);
  if (k.timePrecision === "day" || p.timePrecision === "day") {
    const dayDiff = Math.abs(Math.floor(k.startMs / 86_400_000) - Math.floor(p.startMs / 86_400_000));
    return dayDiff <= 1 ? { points: 0.1, reason: `same game date (±1 day; only the date is known)` } : undefined;
  }
  if (diff > windowMs) return undefined;
  const minutes = Math.round(diff / 60_000);
  if (diff <= 15 * 60_000) return { points: 0.25, reason: `start times agree (${minutes} min apart)` };
  if (diff <= 3 * 3_600_000) return { points: 0.15, reason: `start times ${minutes} min apart` };
  return { points: 0.05, reason: `start times ${minutes} min apart (inside the ${Math.round(windowMs / 60_000)} min window)` };
}

const complementOf = (pays: string): string => (pays.startsWith("!") ? pays.slice(1) : `!${pays}`);

/**
 * The polarity check: the Polymarket token paying exactly when Kalshi YES pays, found by what each token pays (labels
 * and the question), never by position; and its complement must pay exactly when Kalshi NO pays.
 */
function mapPolarity(
  k: KalshiGameMarket,
  m: PolyGameMarket,
  game: KalshiGame,
): { yes: PolyOutcome; no: PolyOutcome; yesIndex: number; drawGap: boolean } | undefined {
  const target = k.yesPays;
  if (target === undefined || m.outcomes.length !== 2) return undefined;
  const yesIndex = m.outcomes.findIndex((o) => o.pays === target);
  if (yesIndex < 0) return undefined;
  const yes = m.outcomes[yesIndex];
  const no = m.outcomes[1 - yesIndex];
  if (yes === undefined || no === undefined || no.pays === undefined || yes.tokenId === "" || no.tokenId === "" || yes.tokenId === no.tokenId) return undefined;
  if (no.pays === complementOf(target)) return { yes, no, yesIndex, drawGap: false };
  // A team-vs-team market: the other team's token is Kalshi NO only when no third outcome (the draw) exists.
  const other = game.teams.find((t) => t !== target);
  if (target !== "TIE" && no.pays === other) return { yes, no, yesIndex, drawGap: game.league.threeWay };
  return undefined;
}

/** Pure: every Kalshi market × the Polymarket market of the same game paying on the same outcome, scored and flagged. */
export function matchGames(kalshi: readonly KalshiGame[], poly: readonly PolyGame[], o: MatchOptions): MatchResult {
  const candidates: PairCandidate[] = [];
  const usedPoly = new Set<string>();
  const unmatchedKalshi: string[] = [];
  const windowMs = o.dateWindowMinutes * 60_000;
  for (const k of kalshi) {
    const twins = poly
      .filter((p) => p.league.key === k.league.key && sameTeams(p.teams, k.teams))
      .map((p) => ({ p, t: timeScore(k, p, windowMs) }))
      .filter((x): x is { p: PolyGame; t: { points: number; reason: string } } => x.t !== undefined)
      .sort((a, b) => Math.abs(a.p.startMs - k.startMs) - Math.abs(b.p.startMs - k.startMs));
    const twin = twins[0];
    if (twin === undefined) {
      unmatchedKalshi.push(k.eventTicker);
      continue;
    }
    usedPoly.add(twin.p.eventId);
    for (const km of k.markets) {
      const c = matchMarket(k, km, twin.p, twin.t, twins.length, o);
      if (c !== undefined) candidates.push(c);
    }
  }
  const unmatchedPolymarket = poly.filter((p) => !usedPoly.has(p.eventId)).map((p) => p.slug || p.eventId);
  return { candidates, unmatchedKalshi, unmatchedPolymarket };
}

function matchMarket(
  k: KalshiGame,
  km: KalshiGameMarket,
  p: PolyGame,
  t: { points: number; reason: string },
  twinCount: number,
  o: MatchOptions,
): PairCandidate | undefined {
  const reasons: string[] = [`league ${k.league.league}: Kalshi series ${k.seriesTicker}, Polymarket event ${p.slug || p.eventId}`, t.reason];
  const flags: SafetyFlag[] = [];
  let score = 0.15 + t.points;
  if (twinCount > 1) {
    reasons.push(`${twinCount} Polymarket events list these teams in the window; the closest in time was taken`);
    score -= 0.1;
  }
  score += 0.3;
  reasons.push(`teams ${k.teams.join(" @ ")} resolved on both venues`);
  // Prefer the exact proposition (a Yes/No market on this outcome), then a team-vs-team market.
  const options = p.markets
    .map((m) => ({ m, pol: mapPolarity(km, m, k) }))
    .filter((x) => x.pol !== undefined)
    .sort((a, b) => Number(a.pol?.drawGap) - Number(b.pol?.drawGap) || Number(a.m.kind !== "moneyline") - Number(b.m.kind !== "moneyline"));
  const best = options[0];
  if (best === undefined || best.pol === undefined) return undefined;
  const { m, pol } = best;
  if (km.yesPays === undefined) flags.push("kalshi-yes-ambiguous");
  const kind: MarketKind = k.kind !== "moneyline" ? k.kind : m.kind;
  if (kind !== "moneyline") {
    if (!o.includeSpreadsTotalsProps) return undefined;
    flags.push("not-moneyline");
  }
  const yesWhat = km.yesPays === "TIE" ? "the draw" : `${km.yesPays} wins`;
  reasons.push(`polarity: Kalshi YES (${yesWhat}) = Polymarket "${pol.yes.label}" (outcome ${pol.yesIndex + 1} of 2), Kalshi NO = "${pol.no.label}"`);
  score += 0.2;
  if (m.orderContradictsTitle) {
    flags.push("outcome-order-contradicts-title");
    reasons.push(`Polymarket lists "${m.outcomes[0]?.label}" first under the title "${p.title}": the listing contradicts itself`);
  }
  if (pol.drawGap) {
    flags.push("draw-not-covered");
    reasons.push("three-way game but the Polymarket market has no draw outcome: a draw pays Kalshi NO and neither Polymarket token the same way");
  }
  if (k.problems.some((x) => x.startsWith(km.ticker))) flags.push("kalshi-yes-ambiguous");
  const ruleFlags = compareRules(k.league, km.rules, m.rules);
  flags.push(...ruleFlags);
  if (km.rules !== "" && m.rules !== "") {
    score += ruleFlags.length === 0 ? 0.1 : 0;
    reasons.push(ruleFlags.length === 0 ? "resolution rules compatible" : `resolution rules differ: ${ruleFlags.join(", ")}`);
  } else {
    score += 0.05;
    reasons.push(`${km.rules === "" ? "Kalshi" : "Polymarket"} gives no rules text for this market: its general sports rules apply`);
  }
  if (m.closed || (km.status !== "" && km.status !== "active" && km.status !== "open")) flags.push("market-closed");
  const confidence = Math.max(0, Math.min(1, Math.round(score * 100) / 100));
  const decision: Decision = flags.length > 0 ? "reject" : confidence >= o.minConfidence ? "accept" : "review";
  return {
    id: `${km.ticker}~${m.conditionId}`,
    league: k.league.league,
    startMs: k.timePrecision === "exact" ? k.startMs : p.startMs,
    kalshi: {
      ticker: km.ticker,
      eventTicker: k.eventTicker,
      eventMarkets: k.markets.map((x) => x.ticker),
      title: km.title,
      yesSubTitle: km.yesSubTitle,
      rules: km.rules,
      yesPays: km.yesPays ?? "?",
    },
    polymarket: {
      eventId: p.eventId,
      conditionId: m.conditionId,
      title: p.title,
      question: m.question,
      rules: m.rules,
      yesTokenId: pol.yes.tokenId,
      noTokenId: pol.no.tokenId,
      yesLabel: pol.yes.label,
      noLabel: pol.no.label,
      yesIndex: pol.yesIndex,
    },
    kind,
    confidence,
    reasons,
    flags: [...new Set(flags)],
    decision,
  };
}
