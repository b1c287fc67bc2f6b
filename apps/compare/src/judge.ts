import { kalshiEventTicker } from "@arb/venues";
import type { Detection } from "./contenders/types.js";
import type { SimRecord } from "./sim.js";

/** A window as the simulator opened it (its event log), with the plan's fault when one was armed for it. */
export interface JudgedWindow {
  readonly windowId: string;
  readonly kind: string;
  readonly ticker: string;
  readonly edgeBps: number;
  readonly sizeHundredths: number;
  readonly theoreticalProfitMicros: number;
  /** The engine step that opened it: every client's frames of that step carry this number. */
  readonly step: number;
  readonly openNs: bigint;
  readonly closeNs: bigint | undefined;
  /** Its legs' markets (Kalshi ticker, Polymarket condition id). */
  readonly markets: readonly string[];
}

/**
 * One contender on one window. Times are ms from the contender's own last frame of the opening step. Orders and
 * fills count on the window's game (both Kalshi markets, the Polymarket market) until the next window opens.
 */
export interface Outcome {
  /** Its own last frame of the window's opening step, stamped when the simulator handed it to its socket. */
  readonly frameNs: bigint | undefined;
  readonly detectMs: number | undefined;
  readonly firstOrderMs: number | undefined;
  /** The first order on the second venue: both legs sent. */
  readonly bothOrdersMs: number | undefined;
  readonly firstFillMs: number | undefined;
  readonly filledHundredths: { readonly kalshi: number; readonly polymarket: number };
  /** Orders it sent on the window's markets (entries, hedges, unwinds) before the next window. */
  readonly orders: number;
}

/** A decision this long after the close frames went out can still have seen the window (the frames were in flight). */
const CLOSE_GRACE_NS = 50_000_000n;

const ns = (r: SimRecord): bigint => BigInt(r.ts);
const ms = (from: bigint | undefined, to: bigint | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : Math.max(0, Number(to - from) / 1e6);

interface WindowRecordBody {
  windowId: string;
  kind: string;
  ticker: string;
  edgeUnits: number;
  sizeHundredths: number;
  theoreticalProfitMicros: number;
  legs: { venue: string; market: string }[];
}

/** Pure: the windows of a run, in order, from the simulator's records. */
export function windowsOf(records: readonly SimRecord[]): JudgedWindow[] {
  const out = new Map<string, JudgedWindow>();
  for (const r of records) {
    const w = r["window"] as WindowRecordBody | undefined;
    if (w === undefined) continue;
    if (r.kind === "arb.window-opened") {
      out.set(w.windowId, {
        windowId: w.windowId,
        kind: w.kind,
        ticker: w.ticker,
        edgeBps: w.edgeUnits,
        sizeHundredths: w.sizeHundredths,
        theoreticalProfitMicros: w.theoreticalProfitMicros,
        step: r["step"] as number,
        openNs: ns(r),
        closeNs: undefined,
        markets: w.legs.map((l) => l.market),
      });
    } else if (r.kind === "arb.window-closed") {
      const o = out.get(w.windowId);
      if (o !== undefined) out.set(w.windowId, { ...o, closeNs: ns(r) });
    }
  }
  return [...out.values()].sort((a, b) => (a.openNs < b.openNs ? -1 : 1));
}

/**
 * Pure: each contender's outcome on each window. Detection: its first report on the window's Kalshi market from the
 * first frame of the opening step to the close (+ grace). Orders and fills: its own on the window's markets from its
 * frame until the next window opens, the order timed by its arrival stamp (`request.received`).
 */
export function judge(records: readonly SimRecord[], windows: readonly JudgedWindow[], client: string, detections: readonly Detection[]): Outcome[] {
  const framesByStep = new Map<number, { first: bigint; last: bigint }>();
  const arrivals = new Map<string, bigint>();
  const orders: { venue: string; market: string; atNs: bigint }[] = [];
  const fills: { venue: string; market: string; atNs: bigint; hundredths: number }[] = [];
  for (const r of records) {
    if (r.client !== client) continue;
    if (r.kind === "frame.sent" && typeof r["step"] === "number") {
      const f = framesByStep.get(r["step"] as number);
      const t = ns(r);
      framesByStep.set(r["step"] as number, f === undefined ? { first: t, last: t } : { first: f.first, last: t > f.last ? t : f.last });
    } else if (r.kind === "request.received") arrivals.set(`${r["venue"]}:${r["request"]}`, ns(r));
    else if (r.kind === "order.received")
      orders.push({ venue: r["venue"] as string, market: r["market"] as string, atNs: arrivals.get(`${r["venue"]}:${r["request"]}`) ?? ns(r) });
    else if (r.kind === "fill.booked") {
      const f = r["fill"] as { ticker: string; countHundredths: number };
      fills.push({ venue: "kalshi", market: f.ticker, atNs: ns(r), hundredths: f.countHundredths });
    } else if (r.kind === "trade.matched") {
      const t = r["trade"] as { conditionId: string; sizeHundredths: number };
      fills.push({ venue: "polymarket", market: t.conditionId, atNs: ns(r), hundredths: t.sizeHundredths });
    }
  }
  return windows.map((w, i) => {
    const frames = framesByStep.get(w.step);
    const frameNs = frames?.last;
    const from = frames?.first ?? w.openNs;
    const until = (w.closeNs ?? w.openNs) + CLOSE_GRACE_NS;
    const next = windows[i + 1]?.openNs ?? BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n;
    const detected = detections.find((d) => d.ticker === w.ticker && d.ns >= from && d.ns <= until);
    // The window's game: a hedge or an unwind may go through the game's other Kalshi market (its YES is this one's NO).
    const event = kalshiEventTicker(w.ticker);
    const ofGame = (market: string) => w.markets.includes(market) || kalshiEventTicker(market) === event;
    const mine = orders.filter((o) => ofGame(o.market) && o.atNs >= from && o.atNs < next);
    const firstOther = mine.find((o) => o.venue !== mine[0]?.venue);
    const filled = fills.filter((f) => ofGame(f.market) && f.atNs >= from && f.atNs < next);
    return {
      frameNs,
      detectMs: ms(frameNs ?? w.openNs, detected?.ns),
      firstOrderMs: ms(frameNs ?? w.openNs, mine[0]?.atNs),
      bothOrdersMs: ms(frameNs ?? w.openNs, firstOther?.atNs),
      firstFillMs: ms(frameNs ?? w.openNs, filled[0]?.atNs),
      filledHundredths: {
        kalshi: filled.filter((f) => f.venue === "kalshi").reduce((n, f) => n + f.hundredths, 0),
        polymarket: filled.filter((f) => f.venue === "polymarket").reduce((n, f) => n + f.hundredths, 0),
      },
      orders: mine.length,
    };
  });
}

/** Pure: a contender's cold start: spawn → its first subscription at the simulator (ms). */
export function coldStartMs(records: readonly SimRecord[], client: string, spawnedNs: bigint): number | undefined {
  const first = records.find((r) => r.kind === "ws.subscribed" && r.client === client);
  return first === undefined ? undefined : Number(BigInt(first.ts) - spawnedNs) / 1e6;
}
