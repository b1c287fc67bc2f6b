import { micros, money } from "../dashboard/terminal/format.js";
import type { Snapshot } from "../state/snapshot.js";

export interface SessionSummary {
  readonly world: string;
  readonly durationMs: number;
  readonly pairs: number;
  readonly arbsSeen: number;
  readonly arbsTaken: number;
  readonly ordersSent: number;
  readonly fills: number;
  readonly rejects: number;
  readonly guaranteedPnlMicros: number;
  readonly unmatchedExposureMicros: number;
  readonly grossExposureMicros: number;
  readonly feesMicros: number;
  readonly tickToOrderP50Us: number;
  readonly tickToOrderP99Us: number;
  readonly alerts: number;
  readonly booksInconsistent: { readonly kalshi: number; readonly polymarket: number };
}

/** Pure: the figures a session ends with. */
export function summarize(s: Snapshot): SessionSummary {
  return {
    world: s.world,
    durationMs: s.nowMs - s.startedMs,
    pairs: s.pairs.length,
    arbsSeen: s.counters.arbsSeen,
    arbsTaken: s.counters.arbsTaken,
    ordersSent: s.counters.ordersSent,
    fills: s.counters.fills,
    rejects: s.counters.rejects,
    guaranteedPnlMicros: s.guaranteedPnlMicros,
    unmatchedExposureMicros: s.unmatchedExposureMicros,
    grossExposureMicros: s.grossExposureMicros,
    feesMicros: s.feesMicros,
    tickToOrderP50Us: s.latency.tickToOrder.p50Us,
    tickToOrderP99Us: s.latency.tickToOrder.p99Us,
    alerts: s.alerts.length,
    booksInconsistent: s.booksInconsistent,
  };
}

/** Pure: the summary as the lines printed on exit. */
export function renderSummary(x: SessionSummary): string {
  return [
    `session summary (${x.world}, ${Math.round(x.durationMs / 1000)} s, ${x.pairs} pairs)`,
    `  arbs seen ${x.arbsSeen}, taken ${x.arbsTaken}; orders ${x.ordersSent}, fills ${x.fills}, rejects ${x.rejects}`,
    `  guaranteed P&L ${money(x.guaranteedPnlMicros)} (fees ${money(x.feesMicros)})`,
    `  exposure: unmatched ${money(x.unmatchedExposureMicros)}, gross ${money(x.grossExposureMicros)}`,
    `  tick→order latency p50 ${micros(x.tickToOrderP50Us)}, p99 ${micros(x.tickToOrderP99Us)}; alerts ${x.alerts}`,
    `  books refused while crossed: Kalshi ${x.booksInconsistent.kalshi}, Polymarket ${x.booksInconsistent.polymarket}`,
  ].join("\n");
}
