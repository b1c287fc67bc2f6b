import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { type ExecutionEvent, type TapeReplayResult, computePairMetrics, foldFills, replayTape } from "@arb/execution";
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

/** The lines of a file, read a megabyte at a time (a tape of a long run need not fit in one string). */
function* linesOf(path: string): Generator<string> {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(1 << 20);
  // A character cut by the chunk's end is completed by the next chunk.
  const text = new StringDecoder("utf8");
  let rest = "";
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const parts = (rest + text.write(buf.subarray(0, n))).split("\n");
      rest = parts.pop() ?? "";
      yield* parts;
    }
    rest += text.end();
    if (rest !== "") yield rest;
  } finally {
    closeSync(fd);
  }
}

/** `bot replay --tape`: every recorded step re-run through the engine's pure step (@arb/execution replayTape). */
export function replayTapeFile(path: string): TapeReplayResult {
  return replayTape(linesOf(path));
}

export function renderTapeReplay(r: TapeReplayResult): string {
  const runs = `${r.runs} run${r.runs === 1 ? "" : "s"}, ${r.arbs} arb${r.arbs === 1 ? "" : "s"} decided`;
  if (r.ok) return `${r.steps} steps replayed, all decisions identical (${runs})`;
  const d = r.divergence;
  const what = {
    commands: "other commands",
    read: "another read of the books or the in-flight slot",
    threw: "a throw on one side only",
    format: "a line the replay cannot use",
  }[d.what];
  const list = (xs: readonly string[]) => (xs.length === 0 ? "(none)" : xs.join("; "));
  return [
    d.what === "format" ? `tape line ${d.line}: ${list(d.got)}` : `divergence at step ${d.step} (tape line ${d.line}, input ${d.inputKind}): ${what}`,
    ...(d.what === "format" ? [] : [`  expected: ${list(d.expected)}`, `  got:      ${list(d.got)}`]),
    `${r.steps} steps replayed identical before it (${runs})`,
  ].join("\n");
}
