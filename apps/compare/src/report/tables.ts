import type { RunResult } from "../run.js";
import { EDGE_BUCKETS, bucketOf } from "../schedule.js";
import { acrossRuns, summarize } from "../stats.js";

/** A table: a title, what it measures, a header and rows of already formatted cells. */
export interface Table {
  readonly title: string;
  readonly note: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const fmt = (v: number | undefined, digits = 1): string => (v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(digits));
const usd = (micros: number | undefined): string => (micros === undefined ? "–" : `${micros < 0 ? "−" : ""}$${(Math.abs(micros) / 1e6).toFixed(2)}`);
/** The median across repeats, with the range when runs differ. */
function spread(values: readonly (number | undefined)[], digits = 1): string {
  const a = acrossRuns(values);
  if (a.median === undefined) return "–";
  return values.length > 1 && a.min !== a.max ? `${fmt(a.median, digits)} (${fmt(a.min, digits)}–${fmt(a.max, digits)})` : fmt(a.median, digits);
}

/** Runs of one kind (same id), repeated. */
export function group(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const out = new Map<string, RunResult[]>();
  for (const r of runs) out.set(r.id, [...(out.get(r.id) ?? []), r]);
  return out;
}

const contenderNames = (runs: readonly RunResult[]): string[] => [...new Set(runs.flatMap((r) => r.contenders.map((c) => c.name)))];

/** Trial 1: per window, each contender's own last frame → its detection; hit rate by edge bucket. */
export function detectionTable(id: string, runs: readonly RunResult[]): Table {
  const rows = contenderNames(runs).map((name) => {
    const per = runs.map((r) => {
      const c = r.contenders.find((x) => x.name === name);
      const lat = (c?.outcomes ?? []).flatMap((o) => (o.detectMs === undefined ? [] : [o.detectMs]));
      const buckets = EDGE_BUCKETS.map((b) => {
        const idx = r.windows.flatMap((w, i) => (bucketOf(w.requestedBps) === b ? [i] : []));
        return idx.length === 0 ? undefined : (idx.filter((i) => c?.outcomes[i]?.detectMs !== undefined).length / idx.length) * 100;
      });
      return { s: summarize(lat), caught: lat.length, windows: r.windows.length, buckets };
    });
    return [
      name,
      `${spread(
        per.map((p) => p.caught),
        0,
      )}/${per[0]?.windows ?? 0}`,
      spread(per.map((p) => p.s.p50)),
      spread(per.map((p) => p.s.p90)),
      spread(per.map((p) => p.s.p99)),
      spread(per.map((p) => p.s.max)),
      ...EDGE_BUCKETS.map(
        (_, i) =>
          `${spread(
            per.map((p) => p.buckets[i]),
            0,
          )} %`,
      ),
    ];
  });
  return {
    title: `Detection — ${id}`,
    note: "ms from each contender's own last frame of the window's opening step (stamped by the simulator as it hands the frame to that contender's socket) to the contender's detection line (stamped on arrival at the harness); both on CLOCK_MONOTONIC. Median over repeats (range).",
    header: ["contender", "caught", "p50 ms", "p90 ms", "p99 ms", "max ms", ...EDGE_BUCKETS.map((b) => `hit ${b} bps`)],
    rows,
  };
}

/** Trial 2: frame → first order / both orders / first fill at the simulator. */
export function executionTable(id: string, runs: readonly RunResult[], traders: ReadonlySet<string>): Table {
  const rows = contenderNames(runs)
    .filter((n) => traders.has(n))
    .map((name) => {
      const per = runs.map((r) => {
        const o = r.contenders.find((x) => x.name === name)?.outcomes ?? [];
        const pick = (f: (x: (typeof o)[number]) => number | undefined) => o.flatMap((x) => (f(x) === undefined ? [] : [f(x) as number]));
        return { first: summarize(pick((x) => x.firstOrderMs)), both: summarize(pick((x) => x.bothOrdersMs)), fill: summarize(pick((x) => x.firstFillMs)) };
      });
      return [
        name,
        spread(
          per.map((p) => p.first.n),
          0,
        ),
        `${spread(per.map((p) => p.first.p50))} / ${spread(per.map((p) => p.first.p90))} / ${spread(per.map((p) => p.first.max))}`,
        `${spread(per.map((p) => p.both.p50))} / ${spread(per.map((p) => p.both.p90))} / ${spread(per.map((p) => p.both.max))}`,
        `${spread(per.map((p) => p.fill.p50))} / ${spread(per.map((p) => p.fill.p90))} / ${spread(per.map((p) => p.fill.max))}`,
      ];
    });
  return {
    title: `Execution — ${id}`,
    note: "ms from the contender's own last frame of the window to the arrival of its first order at the simulator, of its first order on the second venue (both legs out), and to the simulator's first fill of its orders; p50 / p90 / max.",
    header: ["contender", "windows with orders", "→ first order", "→ both orders", "→ first fill"],
    rows,
  };
}

/** Trial 3: CPU over the windows, RSS, peak, cold start to first subscription. */
export function resourcesTable(id: string, runs: readonly RunResult[]): Table {
  const rows = contenderNames(runs).map((name) => {
    const cs = runs.map((r) => r.contenders.find((x) => x.name === name));
    return [
      name,
      spread(cs.map((c) => c?.cpuPercent)),
      spread(cs.map((c) => c?.rssMb)),
      spread(cs.map((c) => c?.peakMb)),
      spread(
        cs.map((c) => c?.coldStartMs),
        0,
      ),
    ];
  });
  return {
    title: `Resources — ${id}`,
    note: "CPU: utime + stime from /proc over the windows, % of one core; RSS at the end of the windows and its peak (VmHWM); cold start: spawn → its first subscription at the simulator.",
    header: ["contender", "CPU %", "RSS MB", "peak MB", "cold start ms"],
    rows,
  };
}

/** Trial 4: the faulted windows: what each contender filled, what it did after, what it kept. */
export function partialTable(id: string, runs: readonly RunResult[], traders: ReadonlySet<string>): Table {
  const rows: string[][] = [];
  for (const r of runs) {
    for (const c of r.contenders) {
      if (!traders.has(c.name)) continue;
      r.windows.forEach((w, i) => {
        if (w.fault === undefined) return;
        const o = c.outcomes[i];
        if (o === undefined) return;
        const k = o.filledHundredths.kalshi / 100;
        const p = o.filledHundredths.polymarket / 100;
        const verdict =
          o.orders === 0
            ? "no order"
            : k === p
              ? k === 0
                ? "nothing filled"
                : "hedged (equal legs)"
              : `unequal legs: ${Math.abs(k - p).toFixed(2)} contracts exposed in this window`;
        rows.push([
          c.name,
          String(i + 1),
          `${w.fault.venue} ${w.fault.mode}`,
          `${k.toFixed(2)} / ${p.toFixed(2)}`,
          String(o.orders),
          verdict,
          usd(c.money?.guaranteedMicros),
          usd(c.money === undefined ? undefined : c.money.bestMicros - c.money.guaranteedMicros),
        ]);
      });
    }
  }
  return {
    title: `Partial fills — ${id}`,
    note: "Windows whose first order on one venue was made to fail (reject or a 1.5 s timeout). Filled = contracts of the window's Kalshi / Polymarket legs the contender bought; orders = everything it sent on those markets before the next window (entries, hedges, unwinds). The last two columns are the run's whole money at the venue: guaranteed P&L (worst outcome of every game) and what is still exposed (best − worst).",
    header: ["contender", "window", "fault", "filled K / P", "orders", "verdict", "run's guaranteed P&L", "run's exposure"],
    rows,
  };
}

/** Trial 5: all trading contenders on one book: who got the liquidity, P&L and capture. */
export function raceTable(id: string, runs: readonly RunResult[], traders: ReadonlySet<string>): Table {
  const rows = contenderNames(runs)
    .filter((n) => traders.has(n))
    .map((name) => {
      const per = runs.map((r) => {
        const c = r.contenders.find((x) => x.name === name);
        const filled = (c?.outcomes ?? []).map((o) => Math.min(o.filledHundredths.kalshi, o.filledHundredths.polymarket));
        const offered = r.windows.reduce((n, w) => n + w.sizeHundredths, 0);
        const theoretical = r.windows.reduce((n, w) => n + w.theoreticalProfitMicros, 0);
        const won = filled.filter((f) => f > 0).length;
        return {
          won,
          share: offered === 0 ? 0 : (filled.reduce((a, b) => a + b, 0) / offered) * 100,
          pnl: c?.money?.guaranteedMicros,
          capture: c?.money === undefined || theoretical <= 0 ? undefined : (c.money.guaranteedMicros / theoretical) * 100,
        };
      });
      return [
        name,
        spread(
          per.map((p) => p.won),
          0,
        ),
        `${spread(per.map((p) => p.share))} %`,
        usd(acrossRuns(per.map((p) => p.pnl)).median),
        `${spread(per.map((p) => p.capture))} %`,
      ];
    });
  return {
    title: `Race — ${id}`,
    note: "All trading contenders on one book. Windows won: windows where it bought both legs (matched contracts > 0); share: matched contracts ÷ the windows' offered size; P&L: guaranteed at the venue (worst outcome per game); capture: P&L ÷ the windows' theoretical profit.",
    header: ["contender", "windows won", "liquidity share", "guaranteed P&L", "capture"],
    rows,
  };
}
