import type { Options } from "./args.js";
import type { Contender } from "./contenders/types.js";
import type { ScheduleSpec } from "./schedule.js";

export interface PlannedRun {
  readonly id: string;
  readonly mode: "detect" | "trade";
  readonly contenders: readonly Contender[];
  readonly faults: boolean;
  readonly repeat: number;
}

/** The window schedule: 10 windows in --quick (two per edge bucket), 30 in a full run (six per bucket). */
export function scheduleOf(o: Pick<Options, "quick" | "seed">, faultEvery: number): ScheduleSpec {
  return { seed: o.seed, count: o.quick ? 10 : 30, durationMs: 800, gapMs: [400, 1000], sizeHundredths: [2000, 50_000], faultEvery };
}

/**
 * Pure: the runs a command makes. Detect: everyone together, detect-only (fair latency: nobody's fills move the books).
 * Trade: every trading contender on one book (the race). A full run adds solo baselines: each contender alone in detect
 * mode, and each trading contender alone in trade mode with faults armed (the partial-fill trial, where nobody else
 * can take the fault). --quick has no solos, so its race carries the faults.
 */
export function planRuns(o: Pick<Options, "quick" | "mode" | "repeat">, contenders: readonly Contender[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const traders = contenders.filter((c) => c.trades);
  const detect = o.mode === "detect" || o.mode === "both";
  const trade = (o.mode === "trade" || o.mode === "both") && traders.length > 0;
  if (detect) runs.push({ id: "detect", mode: "detect", contenders, faults: false, repeat: o.repeat });
  if (trade) runs.push({ id: "race", mode: "trade", contenders: traders, faults: o.quick, repeat: o.repeat });
  if (!o.quick) {
    if (detect && contenders.length > 1)
      for (const c of contenders) runs.push({ id: `solo-detect:${c.name}`, mode: "detect", contenders: [c], faults: false, repeat: 1 });
    if (trade) for (const c of traders) runs.push({ id: `solo-trade:${c.name}`, mode: "trade", contenders: [c], faults: true, repeat: 1 });
  }
  return runs;
}
