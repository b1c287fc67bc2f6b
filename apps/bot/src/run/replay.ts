import { type ExecutionEvent, computePairMetrics, foldFills } from "@arb/execution";
import { money } from "../dashboard/terminal/format.js";

export interface ReplayResult {
  readonly events: number;
  readonly malformed: number;
  readonly arbsTaken: number;
  readonly arbsClosed: number;
  readonly fills: number;
  readonly alerts: number;
  readonly guaranteedPnlMicros: number;
  readonly unmatchedExposureMicros: number;
  readonly closedPnlMicros: number;
}

/** Pure: folds an execution event log (JSONL text) back into the session's figures; bad lines are counted, not fatal. */
export function replayEventLog(text: string): ReplayResult {
  let events = 0;
  let malformed = 0;
  let arbsTaken = 0;
  let arbsClosed = 0;
  let alerts = 0;
  let closedPnlMicros = 0;
  const fills: { pair: number; leg: number; priceUnits: number; sizeHundredths: number; feeMicros: number }[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let e: ExecutionEvent;
    try {
      e = JSON.parse(line) as ExecutionEvent;
    } catch {
      malformed++;
      continue;
    }
    if (typeof e !== "object" || e === null || typeof e.kind !== "string") {
      malformed++;
      continue;
    }
    events++;
    if (e.kind === "arb.started") arbsTaken++;
    else if (e.kind === "arb.closed") {
      arbsClosed++;
      closedPnlMicros += e.pnlMicros;
    } else if (e.kind === "alert.raised") alerts++;
    else if (e.kind === "fill.booked")
      fills.push({ pair: e.pair, leg: e.leg, priceUnits: e.priceUnits, sizeHundredths: e.sizeHundredths, feeMicros: e.feeMicros });
  }
  let guaranteed = 0;
  let unmatched = 0;
  for (const p of foldFills(fills).values()) {
    const m = computePairMetrics(p);
    guaranteed += m.guaranteedProfitMicros;
    unmatched += m.unmatchedCostMicros;
  }
  return {
    events,
    malformed,
    arbsTaken,
    arbsClosed,
    fills: fills.length,
    alerts,
    guaranteedPnlMicros: guaranteed,
    unmatchedExposureMicros: unmatched,
    closedPnlMicros,
  };
}

export function renderReplay(r: ReplayResult): string {
  return [
    `events ${r.events} (malformed lines ${r.malformed})`,
    `arbs taken ${r.arbsTaken}, closed ${r.arbsClosed}; fills ${r.fills}; alerts ${r.alerts}`,
    `guaranteed P&L ${money(r.guaranteedPnlMicros)}; unmatched exposure ${money(r.unmatchedExposureMicros)}; closed arbs P&L ${money(r.closedPnlMicros)}`,
  ].join("\n");
}
