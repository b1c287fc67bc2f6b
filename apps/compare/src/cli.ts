#!/usr/bin/env node
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Options, USAGE, UsageError, parseOptions } from "./args.js";
import { CONTENDERS } from "./contenders/index.js";
import type { Contender } from "./contenders/types.js";
import { doctor } from "./doctor.js";
import { reportMeta } from "./meta.js";
import { REPO_ROOT, RESULTS_DIR } from "./paths.js";
import { planRuns, scheduleOf } from "./plan.js";
import { createProgress } from "./progress.js";
import { consoleTable } from "./report/console.js";
import { type ReportDoc, buildTables } from "./report/document.js";
import { renderHtml } from "./report/html.js";
import { renderMarkdown } from "./report/markdown.js";
import { type RunResult, runOnce } from "./run.js";

function scenarioOf(o: Options): Record<string, unknown> {
  const path = o.scenario ?? join(REPO_ROOT, "packages/venue-sim/scenarios/race-30.json");
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--scenario: cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * The committed report names no path of this machine: the checkout, the temp folder and the clone's own location
 * become placeholders (a path that only exists here is noise to every reader, and the repository refuses them).
 */
function scrubber(pythonBot: string | undefined, out: string): (text: string) => string {
  const pairs: [string, string][] = [
    ...(pythonBot === undefined
      ? []
      : ([
          [resolve(pythonBot), "<python-bot checkout>"],
          [pythonBot, "<python-bot checkout>"],
        ] as [string, string][])),
    [out, "<out>"],
    [REPO_ROOT.replace(/\/$/, ""), "<repo>"],
    [tmpdir(), "<tmp>"],
  ];
  return (text) => pairs.reduce((t, [from, to]) => (from === "" ? t : t.split(from).join(to)), text);
}

async function run(o: Options, command: string): Promise<number> {
  const contenders = o.bots.map((b) => CONTENDERS[b] as Contender);
  if (o.pythonBot !== undefined) process.env["COMPARE_PYTHON_BOT"] = resolve(o.pythonBot);
  for (const c of contenders) await c.prepare?.({ pythonBot: o.pythonBot });
  const missing = doctor(o.bots, o.pythonBot);
  if (!missing.ok) {
    process.stderr.write(`compare: a contender is missing something (pnpm compare -- doctor):\n${missing.text}`);
    return 1;
  }
  const progress = createProgress();
  const scenario = scenarioOf(o);
  const results: RunResult[] = [];
  const plan = planRuns(o, contenders);
  const started = Date.now();
  for (const p of plan) {
    for (let i = 0; i < p.repeat; i++) {
      progress.note(`compare: ${p.id} (${p.mode}; ${p.contenders.map((c) => c.name).join(", ")})${p.repeat > 1 ? ` run ${i + 1}/${p.repeat}` : ""}`);
      results.push(
        await runOnce(
          { id: p.id, mode: p.mode, contenders: p.contenders, scenario, schedule: scheduleOf(o, p.faults ? 5 : 0), faults: p.faults, keep: o.keep },
          progress,
          () => loadavg()[0] ?? 0,
        ),
      );
    }
  }
  progress.end();
  const traders = new Set(contenders.filter((c) => c.trades).map((c) => c.name));
  const doc: ReportDoc = { meta: reportMeta(o, contenders, command), tables: buildTables(results, traders), runs: results };
  // A quick run never overwrites the committed full-run results.
  const out = resolve(o.out ?? (o.quick ? join(RESULTS_DIR, "quick") : RESULTS_DIR));
  mkdirSync(out, { recursive: true });
  const scrub = scrubber(o.pythonBot, out);
  writeFileSync(join(out, "latest.md"), scrub(renderMarkdown(doc)));
  writeFileSync(join(out, "latest.html"), scrub(renderHtml(doc)));
  writeFileSync(join(out, "latest.json"), scrub(`${JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`));
  for (const t of doc.tables) process.stdout.write(`${consoleTable(t)}\n`);
  const errors = results.flatMap((r) => r.errors.map((e) => `${r.id}: ${e}`));
  for (const e of errors) process.stderr.write(`compare: ${e}\n`);
  process.stdout.write(
    `compare: ${results.length} run(s) in ${((Date.now() - started) / 1000).toFixed(0)} s; report: ${join(out, "latest.md")}, ${join(out, "latest.html")}\n`,
  );
  return errors.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const o = parseOptions(argv);
  if (o.command === "doctor") {
    const d = doctor(o.bots.length > 0 && argv.includes("--bots") ? o.bots : Object.keys(CONTENDERS), o.pythonBot);
    process.stdout.write(d.text);
    return d.ok ? 0 : 1;
  }
  return run(o, `pnpm compare -- ${argv.filter((a) => a !== "--").join(" ")}`.trim());
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(e.message === "" ? `${USAGE}\n` : `${e.message}\n${USAGE}\n`);
      process.exit(e.message === "" ? 0 : 2);
    }
    process.stderr.write(`compare: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
