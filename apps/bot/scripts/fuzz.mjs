#!/usr/bin/env node
// Fuzzing (`pnpm fuzz -- --frames N`): seeded mutation of the venue feeds' frames (the Kalshi market and user
// channels against a clean reference book, the Polymarket market feed against its clean reference, the Polymarket
// user stream) and of the files the bot and the simulator read (config, scenarios, mapping file). Each case has its
// own seed, printed with any failure, so `--replay <target>:<seed>` runs it alone. Plain JS over the built dist/
// folders (the root script builds first). Exit 1 on any failure; the failing inputs are written to a kept folder.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FEED_TARGETS } from "./fuzz-feeds.mjs";
import { FILE_TARGETS, cleanupFiles } from "./fuzz-files.mjs";
import { scriptArgs } from "./procs.mjs";
import { seeded } from "./soak-chaos.mjs";

const USAGE = `usage: pnpm fuzz -- --frames N [--seed S] [--files N] [--scenario-runs N] [--replay <target>:<seed>] [--json <file>]
Feeds N fuzzed frames (split evenly) to the Kalshi feed, the Polymarket market feed and the Polymarket user stream,
each case against the same stream unfuzzed, and --files fuzzed config, scenario and mapping files (default N / 1000,
at least 100; --scenario-runs of the scenarios that load are started and played out, default 40). Prints one row
per target; exit 1 on any failure, with the failing inputs written to a kept folder.`;

// A fuzzed YAML file makes the yaml parser emit process warnings (unknown directives): noise here, the loader's
// ConfigError is what is judged.
process.emitWarning = () => {};

const { opt, numberArg } = scriptArgs(USAGE, {
  frames: { type: "string" },
  seed: { type: "string" },
  files: { type: "string" },
  "scenario-runs": { type: "string", default: "40" },
  replay: { type: "string" },
  json: { type: "string" },
});
if (opt.frames === undefined && opt.replay === undefined) {
  process.stderr.write(`--frames is required\n${USAGE}\n`);
  process.exit(2);
}
const frames = opt.frames === undefined ? 0 : numberArg("frames", (n) => Number.isSafeInteger(n) && n > 0, "a positive integer");
const seed = opt.seed === undefined ? Date.now() % 2 ** 31 : numberArg("seed", Number.isSafeInteger, "an integer");
const files =
  opt.files === undefined ? Math.max(100, Math.round(frames / 1_000)) : numberArg("files", (n) => Number.isSafeInteger(n) && n >= 0, "a non-negative integer");
const scenarioRuns = numberArg("scenario-runs", (n) => Number.isSafeInteger(n) && n >= 0, "a non-negative integer");

const TARGETS = [...FEED_TARGETS.map((t) => ({ ...t, kind: "feed" })), ...FILE_TARGETS.map((t) => ({ ...t, kind: "file" }))];
/** Each case's own seed, so one can be replayed alone. */
const caseSeed = (t, i) => ((seed * 1_000_003 + t * 7_919 + i) >>> 0) % 2 ** 31;

async function runCase(target, s, runsLeft) {
  try {
    return await target.run(seeded(s), { runs: runsLeft > 0 });
  } catch (err) {
    // The harness's own invariant code threw: report it like a failure, with the seed to replay.
    return { frames: 1, failures: [{ what: "the case itself threw", error: String(err?.stack ?? err) }] };
  }
}

async function main() {
  const out = mkdtempSync(join(tmpdir(), "arb-fuzz-"));
  const rows = [];
  const failed = [];
  const t0 = performance.now();
  if (opt.replay !== undefined) {
    const [name, s] = opt.replay.split(":");
    const target = TARGETS.find((t) => t.id === name);
    if (target === undefined || !Number.isSafeInteger(Number(s))) {
      process.stderr.write(`--replay takes <target>:<seed>, target one of ${TARGETS.map((t) => t.id).join(", ")}\n`);
      process.exit(2);
    }
    const r = await runCase(target, Number(s), 1);
    process.stdout.write(`${JSON.stringify({ target: target.name, seed: Number(s), frames: r.frames, failures: r.failures }, null, 2)}\n`);
    return r.failures.length === 0;
  }
  for (const [ti, target] of TARGETS.entries()) {
    const started = performance.now();
    const goal = target.kind === "feed" ? Math.ceil(frames / FEED_TARGETS.length) : files;
    let fed = 0;
    let cases = 0;
    let dropped = 0;
    let failures = 0;
    let runsLeft = scenarioRuns;
    while (target.kind === "feed" ? fed < goal : cases < goal) {
      const s = caseSeed(ti, cases);
      const r = await runCase(target, s, runsLeft);
      if (r.ran === true) runsLeft--;
      cases++;
      fed += r.frames;
      dropped += r.dropped ?? 0;
      if (r.failures.length > 0) {
        failures++;
        const file = join(out, "failures", `${target.id}-${s}.json`);
        mkdirSync(join(out, "failures"), { recursive: true });
        writeFileSync(file, `${JSON.stringify({ target: target.name, seed: s, failures: r.failures, stream: r.items?.map((x) => x.frame) }, null, 2)}\n`);
        if (failed.length < 10)
          failed.push(
            `${target.name} (replay: --replay ${target.id}:${s}): ${r.failures[0].what}${r.failures[0].error ? ` — ${String(r.failures[0].error).split("\n")[0]}` : ""}`,
          );
      }
    }
    const seconds = (performance.now() - started) / 1_000;
    rows.push({
      target: target.name,
      cases,
      inputs: fed,
      dropped,
      failures,
      seconds: Math.round(seconds * 10) / 10,
      perSecond: Math.round(fed / Math.max(seconds, 1e-3)),
    });
  }
  cleanupFiles();
  const total = rows.reduce((s, r) => s + (r.target.includes("feed") || r.target.includes("stream") ? r.inputs : 0), 0);
  const lines = [
    `fuzz: seed ${seed}, ${total} frames and ${files} files per file target in ${Math.round((performance.now() - t0) / 100) / 10} s (Node ${process.version})`,
    "| target | cases | frames / files | junk frames reported dropped (each checked to change nothing) | failures | s | per s |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.cases} | ${r.inputs} | ${r.target.includes("file") || r.target.includes("config") || r.target.includes("scenario") ? "—" : r.dropped} | ${r.failures} | ${r.seconds} | ${r.perSecond} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  for (const f of failed) process.stdout.write(`FAIL ${f}\n`);
  if (failed.length > 0) process.stdout.write(`failing inputs: ${join(out, "failures")}\n`);
  if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify({ seed, rows }, null, 2)}\n`);
  return failed.length === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    process.stderr.write(`fuzz: failed: ${err.stack ?? err}\n`);
    process.exit(1);
  },
);
