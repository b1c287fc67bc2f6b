import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runStart } from "../src/run/start.js";
import type { SimulatorWorld } from "../src/run/simulator-world.js";
import { faultHits } from "./fault-hits.js";
import { captureLogger, fakeOut, testConfig, venueWorstCaseMicros, waitFor, workDir } from "./helpers.js";

const SCENARIOS = join(dirname(fileURLToPath(import.meta.resolve("@arb/venue-sim"))), "..", "scenarios");
/** Long enough for each scenario's windows and faults; the claim below must hold whenever the bot stops. */
const CAP_MS = 18_000;
/** The scenarios that only show the money path; every other one is a fault scenario, which must trade into its faults. */
const PLAIN = new Set(["default.json", "race-30.json"]);

interface ScenarioFile {
  timeline?: Array<{ kind: string; atMs: number; durationMs?: number; delayMs?: number }>;
  kalshi?: { writePerSec?: number };
  polymarket?: { ordersPer10s?: number };
}
const scenarioOf = (file: string) => JSON.parse(readFileSync(join(SCENARIOS, file), "utf8")) as ScenarioFile;

/** When a scenario's timeline has played out (its last event and what it lasts), capped. */
function runFor(file: string): number {
  const s = scenarioOf(file);
  const end = (s.timeline ?? []).reduce((m, e) => Math.max(m, e.atMs + (e.durationMs ?? 0) + (e.delayMs ?? 0)), 0);
  return Math.min(end + 2_000, CAP_MS);
}

describe("every shipped scenario: the summary's guaranteed P&L is the simulator's worst case over outcomes; a fault scenario trades into its faults", () => {
  const files = readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".json"))
    .sort();

  it("finds the scenarios", () => expect(files.length).toBeGreaterThanOrEqual(12));

  it.concurrent.each(files)("%s", async (file) => {
    const config = testConfig({ scenario: join(SCENARIOS, file), dashboard: { web: { enabled: false } } });
    const { logger } = captureLogger();
    let sim: SimulatorWorld | undefined;
    let readyMs = Number.POSITIVE_INFINITY;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const run = runStart({
      config,
      secrets: {},
      logger,
      out: fakeOut(),
      tty: false,
      stop: stopped,
      workDir: workDir(),
      onReady: (i) => {
        sim = i.simulator;
        readyMs = Date.now();
      },
    });
    await waitFor(() => sim !== undefined, 30_000, `${file}: the session to start`);
    await new Promise((r) => setTimeout(r, runFor(file)));
    stop();
    const summary = await run;
    const control = sim?.control;
    if (sim === undefined || control === undefined) throw new Error("embedded simulator expected");
    expect(summary.guaranteedPnlMicros).toBe(venueWorstCaseMicros(control, sim.accounts, config.trading.simulatorBalanceMicros));
    if (PLAIN.has(file)) return;
    // A fault scenario tests the money path: it took an arb, and each fault it fired met the bot's orders.
    expect(summary.arbsTaken, `${file}: arbs taken`).toBeGreaterThanOrEqual(1);
    const s = scenarioOf(file);
    // The simulator's clock is the wall clock here, so the session's start can be compared with its records.
    const hits = faultHits(control.events(), { kalshi: s.kalshi?.writePerSec ?? 10, polymarket: (s.polymarket?.ordersPer10s ?? 3_500) / 10 }, readyMs);
    expect(hits.missed, file).toEqual([]);
    const faults = (s.timeline ?? []).filter((e) => e.kind !== "arb.inject" && e.kind !== "event-fee.set").length;
    if (faults > 0) expect(hits.judged, `${file}: faults judged (the rest fired while the bot was starting)`).toBeGreaterThanOrEqual(1);
  });
});
