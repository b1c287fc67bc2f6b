import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MarketsView, Valuation } from "@arb/venue-sim";
import type { Contender, Detection, Mode } from "./contenders/types.js";
import { type JudgedWindow, type Outcome, coldStartMs, judge, windowsOf } from "./judge.js";
import { type Proc, sleep, stopProc, waitUntil } from "./procs.js";
import type { Progress } from "./progress.js";
import { type ProcSample, cpuPercent, startSampler } from "./resources.js";
import { type WindowPlan, planSchedule, raceTickers, type ScheduleSpec } from "./schedule.js";
import { type SimProc, startSimProc } from "./sim.js";

const BALANCE_MICROS = 10_000_000_000;
/** Time every contender gets, once subscribed and ready, before the first window (books seeded, loops running). */
const SETTLE_MS = 3_000;
const READY_TIMEOUT_MS = 120_000;
const SAMPLE_EVERY_MS = 250;

export interface RunSpec {
  /** "detect", "race", "solo-detect:python", … */
  readonly id: string;
  readonly mode: Mode;
  readonly contenders: readonly Contender[];
  /** The simulator scenario (its timeline is played by the harness, so it is cleared). */
  readonly scenario: Record<string, unknown>;
  readonly schedule: ScheduleSpec;
  /** Arm each planned fault before its window (trade runs). */
  readonly faults: boolean;
  readonly keep: boolean;
}

export interface ContenderResult {
  readonly name: string;
  readonly outcomes: readonly Outcome[];
  readonly detections: number;
  readonly cpuPercent: number | undefined;
  readonly rssMb: number | undefined;
  readonly peakMb: number | undefined;
  readonly coldStartMs: number | undefined;
  /** Over the run, every SAMPLE_EVERY_MS: seconds from the first window, CPU % of a core since the last sample, RSS MB. */
  readonly samples: readonly (readonly [number, number, number])[];
  readonly money: Valuation | undefined;
  readonly exit: string;
}

export interface RunResult {
  readonly id: string;
  readonly mode: Mode;
  readonly plan: readonly WindowPlan[];
  /** The windows as opened; `requestedBps` is the schedule's edge (its bucket), `edgeBps` what the quote gave (≥ it). */
  readonly windows: readonly (Omit<JudgedWindow, "openNs" | "closeNs"> & {
    readonly requestedBps: number;
    readonly openMs: number;
    readonly durationMs: number | undefined;
    readonly fault: WindowPlan["fault"];
  })[];
  readonly contenders: readonly ContenderResult[];
  /** Load average of the machine at the start and the end of the windows. */
  readonly load: readonly [number, number];
  readonly errors: readonly string[];
}

function resourceFigures(samples: readonly ProcSample[], fromNs: bigint, toNs: bigint) {
  const inPhase = samples.filter((s) => s.ns >= fromNs && s.ns <= toNs);
  const a = inPhase[0];
  const b = inPhase[inPhase.length - 1];
  const series = inPhase.slice(1).map((s, i) => [Number(s.ns - fromNs) / 1e9, cpuPercent(inPhase[i] as ProcSample, s), s.rssKb / 1024] as const);
  return {
    cpuPercent: a !== undefined && b !== undefined && b !== a ? cpuPercent(a, b) : undefined,
    rssMb: b === undefined ? undefined : b.rssKb / 1024,
    peakMb: samples.length === 0 ? undefined : Math.max(...samples.map((s) => s.peakKb)) / 1024,
    series,
  };
}

/**
 * One run: the simulator in its own process with one endpoint per contender (its dialects, its label), every
 * contender a child process against it, the seeded schedule of windows played through the admin API once all are
 * subscribed and ready, then the judgement from the simulator's event log and each contender's stamped stdout.
 */
export async function runOnce(spec: RunSpec, progress: Progress, loadavg: () => number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `arb-compare-${spec.id.replace(/[^a-z0-9-]/gi, "_")}-`));
  const scenarioPath = join(dir, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify({ ...spec.scenario, timeline: [] }));
  const errors: string[] = [];
  let sim: SimProc | undefined;
  const procs = new Map<string, Proc>();
  try {
    // Every child's bound: readiness + the whole schedule + margins (the schedule is known before it starts).
    const scheduleGuessMs = spec.schedule.count * (spec.schedule.durationMs + spec.schedule.gapMs[1]);
    const maxMs = READY_TIMEOUT_MS + scheduleGuessMs + 60_000;
    sim = await startSimProc(
      scenarioPath,
      join(dir, "sim.jsonl"),
      spec.contenders.map((c) => ({ label: c.name, kalshi: c.dialects.kalshi, polymarket: c.dialects.polymarket })),
      dir,
      maxMs + 30_000,
    );
    const markets: MarketsView = await sim.admin.markets();
    const plan = planSchedule(spec.schedule, raceTickers(markets));
    for (const c of spec.contenders) {
      const cdir = join(dir, c.name);
      mkdirSync(cdir);
      const urls = sim.urls.endpoints[c.name];
      if (urls === undefined) throw new Error(`the simulator opened no endpoint for ${c.name}`);
      procs.set(
        c.name,
        await c.launch({ urls, adminUrl: sim.urls.admin, admin: sim.admin, markets, dir: cdir, mode: spec.mode, maxMs, balanceMicros: BALANCE_MICROS }),
      );
    }
    const s = sim;
    const subscribed = (name: string, venue: string) => s.log.records.some((r) => r.kind === "ws.subscribed" && r.client === name && r["venue"] === venue);
    for (const c of spec.contenders) {
      const p = procs.get(c.name) as Proc;
      await waitUntil(
        `${c.name} to subscribe on both venues${c.readyLine === undefined ? "" : " and report ready"}`,
        () => {
          s.log.poll();
          return (
            subscribed(c.name, "kalshi") && subscribed(c.name, "polymarket") && (c.readyLine === undefined || p.lines.some((l) => c.readyLine?.test(l.text)))
          );
        },
        READY_TIMEOUT_MS,
        p,
      );
    }
    await sleep(SETTLE_MS);
    const sampler = startSampler(new Map([...procs].map(([n, p]) => [n, p.pid])), SAMPLE_EVERY_MS);
    const load0 = loadavg();
    const t0 = Date.now();
    const phaseStart = process.hrtime.bigint();
    for (const w of plan) {
      const wait = t0 + w.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      progress.update(`${spec.id}: windows`, w.index, plan.length);
      try {
        if (spec.faults && w.fault !== undefined) await sim.admin.fault(w.fault.venue, { mode: w.fault.mode, count: 1, delayMs: w.fault.delayMs });
        await sim.admin.injectArb({ kind: w.kind, ticker: w.ticker, edgeBps: w.edgeBps, sizeHundredths: w.sizeHundredths, durationMs: w.durationMs });
      } catch (e) {
        errors.push(`window ${w.index}: ${(e as Error).message}`);
      }
    }
    progress.update(`${spec.id}: windows`, plan.length, plan.length);
    await sleep((plan[plan.length - 1]?.durationMs ?? 0) + 3_000);
    const phaseEnd = process.hrtime.bigint();
    const load1 = loadavg();
    sampler.stop();
    const money = new Map<string, Valuation>();
    if (spec.mode === "trade") for (const c of spec.contenders) if (c.trades) money.set(c.name, await sim.admin.valuation(c.name, BALANCE_MICROS));
    for (const p of procs.values()) await stopProc(p);
    // Kept runs keep each contender's stamped stdout beside its files, for a look at what it said when.
    if (spec.keep) {
      for (const [name, p] of procs) {
        writeFileSync(join(dir, name, "stdout.log"), p.lines.map((l) => `${l.ns} ${l.text}`).join("\n"));
        writeFileSync(join(dir, name, "stderr.log"), p.stderr());
      }
    }
    await sleep(300);
    sim.log.poll();
    const records = sim.log.records;
    const windows = windowsOf(records);
    const contenders = spec.contenders.map((c): ContenderResult => {
      const p = procs.get(c.name) as Proc;
      const read = c.detector(markets);
      const detections = p.lines.map(read).filter((d): d is Detection => d !== undefined);
      const r = resourceFigures(sampler.samples.get(c.name) ?? [], phaseStart, phaseEnd);
      return {
        name: c.name,
        outcomes: judge(records, windows, c.name, detections),
        detections: detections.length,
        cpuPercent: r.cpuPercent,
        rssMb: r.rssMb,
        peakMb: r.peakMb,
        coldStartMs: coldStartMs(records, c.name, p.spawnedNs),
        samples: r.series,
        money: money.get(c.name),
        exit: p.child.exitCode !== null ? `exit ${p.child.exitCode}` : `signal ${p.child.signalCode}`,
      };
    });
    // The windows opened in the plan's order (one at a time); a window whose injection failed shifts nothing, as
    // each is matched to the first unmatched planned window on its ticker.
    const unmatched = [...plan];
    const planOf = (w: JudgedWindow): WindowPlan | undefined => {
      const i = unmatched.findIndex((p) => p.ticker === w.ticker);
      return i < 0 ? undefined : unmatched.splice(i, 1)[0];
    };
    return {
      id: spec.id,
      mode: spec.mode,
      plan,
      windows: windows.map(({ openNs, closeNs, ...w }) => {
        const p = planOf({ openNs, closeNs, ...w });
        return {
          ...w,
          requestedBps: p?.edgeBps ?? w.edgeBps,
          openMs: Number(openNs - phaseStart) / 1e6,
          durationMs: closeNs === undefined ? undefined : Number(closeNs - openNs) / 1e6,
          fault: spec.faults ? p?.fault : undefined,
        };
      }),
      contenders,
      load: [load0, load1],
      errors,
    };
  } catch (e) {
    for (const [name, p] of procs) errors.push(`${name} stderr (tail): ${p.stderr().slice(-1500)}`);
    throw new Error(`${spec.id}: ${(e as Error).message}\n${errors.join("\n")}`);
  } finally {
    for (const p of procs.values()) await stopProc(p);
    await stopProc(sim?.proc);
    if (spec.keep) progress.note(`compare: run folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
