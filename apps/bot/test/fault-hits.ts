import type { LogRecord, TimelineEvent } from "@arb/venue-sim";

/** After a fault that happens once (a disconnect, a gap, bad frames), orders this soon after it met it. */
const INSTANT_REACH_MS = 3_000;

interface Fired {
  readonly e: TimelineEvent;
  readonly simMs: number;
  readonly index: number;
}

/** The scenario's normal write rate per venue (orders per second): a rate-limit entry below it is a fault. */
export interface NormalRates {
  readonly kalshi: number;
  readonly polymarket: number;
}

/**
 * The faults a scenario's run fired that met none of the bot's orders, one line each, from the simulator's own event
 * log: an armed order fault that no order consumed (the venue applies them first in, first out), a disconnect, gap or
 * malformed burst with no order in the seconds after it, a latency, pause, rate limit or silence with no order while
 * it held. A timed fault over before `readyMs` (the bot was still starting) is not judged; `judged` counts the rest.
 */
export function faultHits(records: readonly LogRecord[], normal: NormalRates, readyMs: number): { missed: string[]; judged: number } {
  const fired: Fired[] = [];
  const orders: { venue: string; simMs: number; index: number }[] = [];
  const armed = new Map<string, Fired[]>();
  const missed: string[] = [];
  records.forEach((r, index) => {
    if (r.kind === "scenario.fired") {
      const e = r["event"] as TimelineEvent;
      fired.push({ e, simMs: r.simMs, index });
      if (e.kind === "orders.fault") for (let i = 0; i < e.count; i++) armed.set(e.venue, [...(armed.get(e.venue) ?? []), { e, simMs: r.simMs, index }]);
    } else if (r.kind === "order.received") {
      const venue = String(r["venue"]);
      orders.push({ venue, simMs: r.simMs, index });
      armed.get(venue)?.shift();
    }
  });
  let judged = fired.filter((f) => f.e.kind === "orders.fault").length;
  for (const left of armed.values()) for (const f of left) missed.push(`${describe(f)}: armed, never met an order`);
  const until = (f: Fired, same: (g: TimelineEvent) => boolean): number => fired.find((g) => g.index > f.index && same(g.e))?.simMs ?? Number.POSITIVE_INFINITY;
  const ordersIn = (from: number, to: number, venue?: string) =>
    orders.some((o) => o.simMs >= from && o.simMs <= to && (venue === undefined || o.venue === venue));
  for (const f of fired) {
    const e = f.e;
    if (e.kind === "connections.kill" || e.kind === "ws.seq-gap" || e.kind === "ws.malformed") {
      if (f.simMs + INSTANT_REACH_MS < readyMs) continue;
      judged++;
      if (!ordersIn(f.simMs, f.simMs + INSTANT_REACH_MS)) missed.push(`${describe(f)}: no order within ${INSTANT_REACH_MS} ms`);
    } else if (
      (e.kind === "latency.set" && e.ms > 0) ||
      (e.kind === "venue.pause" && e.paused) ||
      (e.kind === "ws.silence" && e.silent) ||
      (e.kind === "rate-limit.set" && e.writePerSec < normal[e.venue])
    ) {
      const end = until(
        f,
        (g) => g.kind === e.kind && g.venue === e.venue && (g.kind !== "latency.set" || (e.kind === "latency.set" && g.endpoint === e.endpoint)),
      );
      if (end < readyMs) continue;
      judged++;
      if (!ordersIn(f.simMs, end, e.kind === "ws.silence" ? undefined : e.venue)) missed.push(`${describe(f)}: no ${e.venue} order while it held`);
    }
  }
  return { missed, judged };
}

const describe = (f: Fired): string => `${f.e.kind} at ${f.e.atMs} ms (${"venue" in f.e ? f.e.venue : ""})`;
