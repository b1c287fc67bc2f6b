import type { Scenario, TimelineEvent } from "./schema.js";

/** What the timeline check needs of the generated world. Lists are in the simulator's own order (the order an
 *  unnamed window picks from); `endMs` is when the market's game ends, in ms after the scenario start. */
export interface TimelineWorld {
  readonly kalshi: readonly { readonly ticker: string; readonly endMs: number }[];
  readonly polymarket: readonly { readonly conditionId: string; readonly endMs: number }[];
  readonly pairs: readonly { readonly ticker: string; readonly conditionId: string; readonly trap: boolean }[];
  readonly eventTickers: ReadonlySet<string>;
}

type Inject = Extract<TimelineEvent, { kind: "arb.inject" }>;
interface Open {
  readonly index: number;
  readonly books: readonly string[];
  /** The tick its close runs at; a window opening at that tick still finds it open (the timeline fires first). */
  readonly closeMs: number;
}

/**
 * Pure: the timeline entries the generated world cannot run, one line each naming the entry, so a scenario fails at
 * load instead of in the middle of a run. Windows are played out on the tick grid as the core runs them: an entry
 * fires at the first tick at or after its atMs, its window closes at the first tick at or after it opened plus its
 * duration, and a market trades until the first tick at or after its game's end. A named market must exist, be open
 * and (cross-venue) have a Polymarket twin; an unnamed window needs a free market or pair; no window may share a book
 * with one still open (it would cut that one short). Windows injected through the control API at run time are not
 * known here: the core skips, and logs, an injection that fails then.
 */
export function checkTimeline(scenario: Scenario, world: TimelineWorld): string[] {
  const tick = scenario.tickMs;
  const onGrid = (ms: number): number => Math.ceil(ms / tick) * tick;
  const kalshiEnd = new Map(world.kalshi.map((m) => [m.ticker, m.endMs]));
  const polyEnd = new Map(world.polymarket.map((m) => [m.conditionId, m.endMs]));
  const trading = (endMs: number | undefined, atMs: number): boolean => endMs !== undefined && onGrid(endMs) >= atMs;
  const issues: string[] = [];
  let open: Open[] = [];
  const order = scenario.timeline.map((e, index) => ({ e, index })).sort((a, b) => a.e.atMs - b.e.atMs);
  for (const { e, index } of order) {
    const name = `timeline.${index} (${e.kind} at ${e.atMs} ms)`;
    if (e.kind === "event-fee.set" && e.eventTicker !== undefined && !world.eventTickers.has(e.eventTicker))
      issues.push(`${name}: no Kalshi event ${e.eventTicker}`);
    if (e.kind !== "arb.inject") continue;
    const atMs = onGrid(e.atMs);
    open = open.filter((w) => w.closeMs >= atMs);
    const taken = (book: string): boolean => open.some((w) => w.books.includes(book));
    const books = booksOf(e, atMs, { world, kalshiEnd, polyEnd, trading, taken });
    if (typeof books === "string") {
      issues.push(`${name}: ${books}`);
      continue;
    }
    for (const book of books) {
      const other = open.find((w) => w.books.includes(book));
      if (other !== undefined) issues.push(`${name}: overlaps timeline.${other.index} on ${book}, open until ${other.closeMs} ms`);
    }
    open.push({ index, books, closeMs: onGrid(atMs + e.durationMs) });
  }
  return issues;
}

interface Lookup {
  readonly world: TimelineWorld;
  readonly kalshiEnd: ReadonlyMap<string, number>;
  readonly polyEnd: ReadonlyMap<string, number>;
  trading(endMs: number | undefined, atMs: number): boolean;
  taken(book: string): boolean;
}

/** The books a window takes ("kalshi:<ticker>", "polymarket:<conditionId>"), or why it cannot open at `atMs`. */
function booksOf(e: Inject, atMs: number, l: Lookup): string[] | string {
  const k = (ticker: string): string => `kalshi:${ticker}`;
  const p = (conditionId: string): string => `polymarket:${conditionId}`;
  if (e.arb === "kalshi_same_market") {
    if (e.ticker === undefined) {
      const free = l.world.kalshi.find((m) => l.trading(m.endMs, atMs) && !l.taken(k(m.ticker)));
      return free === undefined ? "no free Kalshi market to open it on" : [k(free.ticker)];
    }
    if (!l.kalshiEnd.has(e.ticker)) return `no Kalshi market ${e.ticker}`;
    return l.trading(l.kalshiEnd.get(e.ticker), atMs) ? [k(e.ticker)] : `Kalshi market ${e.ticker} has closed by then`;
  }
  if (e.arb === "poly_same_market") {
    if (e.conditionId === undefined) {
      const free = l.world.polymarket.find((m) => l.trading(m.endMs, atMs) && !l.taken(p(m.conditionId)));
      return free === undefined ? "no free Polymarket market to open it on" : [p(free.conditionId)];
    }
    if (!l.polyEnd.has(e.conditionId)) return `no Polymarket market ${e.conditionId}`;
    return l.trading(l.polyEnd.get(e.conditionId), atMs) ? [p(e.conditionId)] : `Polymarket market ${e.conditionId} has closed by then`;
  }
  const open = (pair: { ticker: string; conditionId: string }): boolean =>
    l.trading(l.kalshiEnd.get(pair.ticker), atMs) && l.trading(l.polyEnd.get(pair.conditionId), atMs);
  if (e.ticker === undefined) {
    const free = l.world.pairs.find((pair) => !pair.trap && open(pair) && !l.taken(k(pair.ticker)) && !l.taken(p(pair.conditionId)));
    return free === undefined ? "no free Kalshi/Polymarket pair to open it on" : [k(free.ticker), p(free.conditionId)];
  }
  const pair = l.world.pairs.find((x) => x.ticker === e.ticker);
  if (pair === undefined) return l.kalshiEnd.has(e.ticker) ? `Kalshi market ${e.ticker} has no Polymarket twin` : `no Kalshi market ${e.ticker}`;
  return open(pair) ? [k(pair.ticker), p(pair.conditionId)] : `the pair of ${e.ticker} has closed by then`;
}
