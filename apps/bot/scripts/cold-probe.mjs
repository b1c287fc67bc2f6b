#!/usr/bin/env node
// How much a pause costs the decision path on this machine, with nothing else of ours running: the engine's warm-up
// decision (the pure step on an opportunity that goes as far as placing orders, plus the serialisation of its journal
// line) is timed back to back, then after the thread has spent a while elsewhere — spinning on the clock (the core
// stays busy with this process, so no idle state and none of our own data is evicted) or asleep — and once more right
// after. Plain JS over the built dist/ folders (`pnpm bench:cold` builds first).
import { writeFileSync } from "node:fs";
import { DecisionWarmer, ExecutionConfig, PairSpec, stepContext } from "@arb/execution";
import { scriptArgs, sleep } from "./procs.mjs";

const USAGE = `usage: node apps/bot/scripts/cold-probe.mjs [--samples 60] [--out bench/results/cold-cache.md]
Times the engine's synthetic decision back to back and after pauses of 0.05–400 ms (spinning, or asleep), first and
second call after each pause (p50 / p90 of --samples).`;
const { opt, numberArg } = scriptArgs(USAGE, { samples: { type: "string", default: "60" }, out: { type: "string" } });
const samples = numberArg("samples", (n) => Number.isInteger(n) && n >= 10, "an integer ≥ 10");

const pairs = new Map(
  Array.from({ length: 8 }, (_, i) => [i, PairSpec.parse({ pair: i, eventId: `e${i}`, kalshiMarket: `K-${i}`, polymarketMarket: `0x${i}` })]),
);
const live = stepContext(
  ExecutionConfig.parse({}),
  pairs,
  () => [],
  () => ({ tsMs: 0, stale: true }),
  () => true,
);
const warmer = new DecisionWarmer(live);
warmer.rounds(500, Date.now());

const us = (t0) => Number(process.hrtime.bigint() - t0) / 1000;
const timed = () => {
  const t0 = process.hrtime.bigint();
  warmer.once(Date.now());
  return us(t0);
};
const spin = async (ms) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const f = (x) => `${x.toFixed(1)} µs`;

const rows = [];
for (const [how, pause] of [
  ["spinning", spin],
  ["asleep", sleep],
]) {
  for (const gapMs of how === "spinning" ? [0, 0.05, 0.2, 1, 2, 5, 20, 50] : [1, 5, 20, 50, 400]) {
    const first = [];
    const second = [];
    for (let i = 0; i < samples; i++) {
      if (gapMs > 0) await pause(gapMs);
      first.push(timed());
      second.push(timed());
    }
    rows.push(`| ${how} | ${gapMs} ms | ${f(pct(first, 50))} / ${f(pct(first, 90))} | ${f(pct(second, 50))} / ${f(pct(second, 90))} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }
}
const table = ["| the thread was | for | first decision after p50 / p90 | second decision p50 / p90 |", "|---|---|---|---|", ...rows].join("\n");
process.stdout.write(`${table}\n`);
if (opt.out !== undefined)
  writeFileSync(
    opt.out,
    `# What a pause costs the decision path (\`pnpm bench:cold\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version})

The engine's synthetic decision (its warm-up: the pure step on an opportunity that goes as far as placing orders, and
the serialisation of its journal line), optimised by 500 rounds first, timed back to back and then after the thread
spent a while elsewhere, ${samples} samples each. "Spinning" keeps this process busy on the same core reading the clock
(no idle state, none of our own data touched), so a slower first decision there is the machine taking our caches and
branch predictors back (other tenants of the shared VM host), not our code; the second decision right after shows
the work itself.

${table}
`,
  );
