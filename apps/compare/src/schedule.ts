import { type MarketsView, createRng } from "@arb/venue-sim";
import { kalshiEventTicker } from "@arb/venues";

/** The edge buckets hit rates are reported by (bps after the window's per-contract fee estimate). */
export const EDGE_BUCKETS = [75, 150, 300, 600, 1000] as const;

/** Window kinds every contender can see: the Python bot buys Kalshi YES of one team with the other team's token. */
const HEAD_TO_HEAD_KIND = "kalshi_yes_poly_no";

export interface FaultPlan {
  readonly venue: "kalshi" | "polymarket";
  readonly mode: "reject" | "timeout";
  readonly delayMs: number;
}

export interface WindowPlan {
  readonly index: number;
  /** ms after the first window. */
  readonly atMs: number;
  readonly kind: string;
  readonly ticker: string;
  readonly edgeBps: number;
  readonly sizeHundredths: number;
  readonly durationMs: number;
  /** Armed just before the window opens (partial-fill trial): the next order on that venue fails. */
  readonly fault?: FaultPlan;
}

export interface ScheduleSpec {
  readonly seed: number;
  readonly count: number;
  readonly durationMs: number;
  /** Quiet time between a window's close and the next opening, drawn uniformly from [min, max]. */
  readonly gapMs: readonly [number, number];
  /** Contracts × 100, drawn uniformly (whole contracts) from [min, max]. */
  readonly sizeHundredths: readonly [number, number];
  /** Every n-th window (1-based) carries a fault, alternating a Polymarket reject and a Kalshi timeout; 0 = none. */
  readonly faultEvery: number;
}

/** The Kalshi tickers a head-to-head window may use: two-team games (no draw market), not traps, with a twin. */
export function raceTickers(markets: MarketsView): string[] {
  return markets.games.flatMap((g) =>
    g.kalshi.markets.length === 2 && !g.polymarket.trap
      ? g.kalshi.markets.filter((m) => m.polymarket !== undefined && !m.polymarket.trap).map((m) => m.ticker)
      : [],
  );
}

/**
 * Pure: a seeded schedule of non-overlapping head-to-head windows. Edges cycle through the buckets (so every bucket
 * gets count / 5 windows), tickers rotate so consecutive windows are on different games when there are several.
 */
export function planSchedule(spec: ScheduleSpec, tickers: readonly string[]): WindowPlan[] {
  if (tickers.length === 0) throw new RangeError("no two-team game with a Polymarket twin to open windows on");
  // The simulator's seeded PRNG, a stream of the schedule's own.
  const next = createRng(spec.seed).next;
  const byGame = new Map<string, string[]>();
  for (const t of tickers) {
    const game = kalshiEventTicker(t);
    byGame.set(game, [...(byGame.get(game) ?? []), t]);
  }
  const games = [...byGame.values()];
  const out: WindowPlan[] = [];
  let at = 0;
  for (let i = 0; i < spec.count; i++) {
    const game = games[i % games.length] as string[];
    const ticker = game[Math.floor(i / games.length) % game.length] as string;
    const lo = Math.ceil(spec.sizeHundredths[0] / 100);
    const hi = Math.floor(spec.sizeHundredths[1] / 100);
    const size = (lo + Math.floor(next() * (hi - lo + 1))) * 100;
    const faulted = spec.faultEvery > 0 && (i + 1) % spec.faultEvery === 0;
    const fault: FaultPlan | undefined = faulted
      ? Math.floor((i + 1) / spec.faultEvery) % 2 === 1
        ? { venue: "polymarket", mode: "reject", delayMs: 0 }
        : { venue: "kalshi", mode: "timeout", delayMs: 1500 }
      : undefined;
    out.push({
      index: i,
      atMs: at,
      kind: HEAD_TO_HEAD_KIND,
      ticker,
      edgeBps: EDGE_BUCKETS[i % EDGE_BUCKETS.length] as number,
      sizeHundredths: size,
      durationMs: spec.durationMs,
      ...(fault === undefined ? {} : { fault }),
    });
    const gap = spec.gapMs[0] + Math.floor(next() * (spec.gapMs[1] - spec.gapMs[0] + 1));
    at += spec.durationMs + gap;
  }
  return out;
}

/** The bucket of an edge: the largest bucket at or below it. */
export function bucketOf(edgeBps: number): number {
  let b: number = EDGE_BUCKETS[0];
  for (const e of EDGE_BUCKETS) if (edgeBps >= e) b = e;
  return b;
}
