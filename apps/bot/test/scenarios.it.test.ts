import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runStart } from "../src/run/start.js";
import type { SimulatorWorld } from "../src/run/simulator-world.js";
import { captureLogger, fakeOut, testConfig, venueWorstCaseMicros, waitFor, workDir } from "./helpers.js";

const SCENARIOS = join(dirname(fileURLToPath(import.meta.resolve("@arb/venue-sim"))), "..", "scenarios");
/** Long enough for each scenario's first windows and faults; the claim below must hold whenever the bot stops. */
const CAP_MS = 12_000;

/** When a scenario's timeline has played out (its last event and what it lasts), capped. */
function runFor(file: string): number {
  const s = JSON.parse(readFileSync(join(SCENARIOS, file), "utf8")) as { timeline?: Array<{ atMs: number; durationMs?: number; delayMs?: number }> };
  const end = (s.timeline ?? []).reduce((m, e) => Math.max(m, e.atMs + (e.durationMs ?? 0) + (e.delayMs ?? 0)), 0);
  return Math.min(end + 2_000, CAP_MS);
}

describe("every shipped scenario: the summary's guaranteed P&L is the simulator's worst case over outcomes", () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".json")).sort();

  it("finds the scenarios", () => expect(files.length).toBeGreaterThanOrEqual(12));

  it.concurrent.each(files)("%s", async (file) => {
    const config = testConfig({ scenario: join(SCENARIOS, file), dashboard: { web: { enabled: false } } });
    const { logger } = captureLogger();
    let sim: SimulatorWorld | undefined;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const run = runStart({ config, secrets: {}, logger, out: fakeOut(), tty: false, stop: stopped, workDir: workDir(), onReady: (i) => (sim = i.simulator) });
    await waitFor(() => sim !== undefined, 30_000, `${file}: the session to start`);
    await new Promise((r) => setTimeout(r, runFor(file)));
    stop();
    const summary = await run;
    const control = sim?.control;
    if (sim === undefined || control === undefined) throw new Error("embedded simulator expected");
    expect(summary.guaranteedPnlMicros).toBe(venueWorstCaseMicros(control, sim.accounts, config.trading.simulatorBalanceMicros));
  });
});
