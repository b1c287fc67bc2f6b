import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TapeStep } from "@arb/execution";
import { describe, expect, it } from "vitest";
import type { MappingEntry } from "../src/discovery/mapping-file.js";
import { replayTapeFile } from "../src/run/replay.js";
import type { Session } from "../src/run/session.js";
import type { SimulatorWorld } from "../src/run/simulator-world.js";
import { runStart } from "../src/run/start.js";
import { captureLogger, fakeOut, testConfig, waitFor, workDir } from "./helpers.js";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const cli = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_"))),
    timeout: 30_000,
  });

describe("the decision tape (issue 16)", () => {
  it("records a simulator run that `bot replay --tape` re-runs to identical decisions, and names a tampered step", async () => {
    const dir = workDir();
    const tapePath = join(dir, "tape.jsonl");
    const config = testConfig({ dashboard: { web: { enabled: false } }, tapePath });
    const { logger } = captureLogger();
    let ready: { session: Session; simulator?: SimulatorWorld; pairs: readonly MappingEntry[] } | undefined;
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const out = fakeOut();
    const run = runStart({ config, secrets: {}, logger, out, tty: false, stop: stopped, workDir: dir, onReady: (i) => (ready = i) });
    await waitFor(() => ready !== undefined, 20_000, "the session to start");
    const r = ready as NonNullable<typeof ready>;
    const control = r.simulator?.control;
    if (control === undefined) throw new Error("embedded simulator expected");
    const pair = r.pairs[0] as MappingEntry;
    control.injectArb({ kind: "poly_yes_kalshi_no", ticker: pair.kalshiTicker, edgeBps: 150, sizeHundredths: 2000, durationMs: 5_000 });
    await waitFor(() => r.session.store.arbsTaken >= 1, 20_000, "an arb taken");
    await waitFor(() => r.session.snapshot().orders.length === 0, 15_000, "every order done");
    stop();
    await run;
    expect(out.text()).toContain(`decision tape: ${tapePath}`);

    const replayed = replayTapeFile(tapePath);
    expect(replayed).toMatchObject({ ok: true, runs: 1 });
    if (!replayed.ok) return;
    expect(replayed.arbs).toBeGreaterThanOrEqual(1);
    expect(replayed.steps).toBeGreaterThan(1);
    // Owner-only, as every file the run keeps.
    expect(statSync(tapePath).mode & 0o077).toBe(0);

    const ok = cli(["replay", "--tape", tapePath]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${replayed.steps} steps replayed, all decisions identical`));

    // The step that decided the arb, with every ask it read a cent cheaper: another decision.
    const lines = readFileSync(tapePath, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes('"opportunity.detected"') && l.includes("order.place"));
    const line = JSON.parse(lines[i] as string) as TapeStep;
    const cheaper = line.reads.map((x) => (x[0] === "asks" ? [...x.slice(0, 4), x[4].map((v, j) => (j % 2 === 0 ? v - 100 : v))] : x));
    lines[i] = JSON.stringify({ ...line, reads: cheaper });
    const tampered = join(dir, "tampered.jsonl");
    writeFileSync(tampered, lines.join("\n"));
    const bad = cli(["replay", "--tape", tampered]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`divergence at step ${line.n} (tape line ${i + 1}, input opportunity.detected): other commands`);
    expect(bad.stdout).toMatch(/expected: .*order\.place/);
  });
});
