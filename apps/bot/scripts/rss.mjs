#!/usr/bin/env node
// Memory of the bot with N live pairs: the venue simulator runs in its own process (so its books, accounts and event
// log are not counted as the bot's), the bot attaches to it over `simulatorAdminUrl`, the scenario's timeline opens a
// cross-venue window every 250 ms round-robin over the traded pairs, and the bot's VmRSS / VmHWM are read from /proc
// every second (no cost to the bot) while its heap comes from its own /metrics at each mark. `--embedded` also runs
// the default world (simulator inside the bot process) for comparison. Plain JS over the built dist/ folders (build
// first), like src/start.mjs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_CLI, botEnv, logRecords, metricsOf, root, scriptArgs, sleep, start, startScriptFlags, startSimulator, stop, waitFor } from "./procs.mjs";

const USAGE = `usage: node apps/bot/scripts/rss.mjs [--pairs 15,300,1000] [--seconds 60] [--long 1000] [--long-seconds 120]
                                   [--embedded] [--games-per-pair 0.5] [--node-flags="--flag ..." (default: the start script's)] [--json <file>]
Starts the simulator (own process) and the bot attached to it for each pair count, injects cross-venue arbs, samples
the bot's RSS at the end of --seconds (and of --long-seconds for the --long pair count) and prints a Markdown table.`;

/** Two-way leagues: both Kalshi team markets of a game bind to its one Polymarket moneyline, two pairs a game (hence
 *  --games-per-pair 0.5; soccer's three Yes/No markets would make it three). */
const LEAGUES = ["NBA", "NFL", "NHL", "MLB", "NCAAF", "NCAAMB"];
const ARB_KINDS = ["kalshi_yes_poly_no", "poly_yes_kalshi_no"];
const SAMPLE_MS = 1_000;
const READY_TIMEOUT_MS = 180_000;
const WINDOW_EVERY_MS = 250;

const { opt, numberArg } = scriptArgs(USAGE, {
  pairs: { type: "string", default: "15,300,1000" },
  seconds: { type: "string", default: "60" },
  long: { type: "string" },
  "long-seconds": { type: "string", default: "120" },
  embedded: { type: "boolean", default: false },
  "games-per-pair": { type: "string", default: "0.5" },
  "node-flags": { type: "string" },
  json: { type: "string" },
});
const isPositive = (n) => Number.isFinite(n) && n > 0;
const positive = (name) => numberArg(name, isPositive, "a positive number");
const targets = opt.pairs.split(",").map(Number);
if (!targets.every(isPositive)) {
  process.stderr.write(`--pairs must be positive numbers, got "${opt.pairs}"\n${USAGE}\n`);
  process.exit(2);
}
const seconds = positive("seconds");
const longTarget = opt.long === undefined ? undefined : positive("long");
const longSeconds = positive("long-seconds");
const gamesPerPair = positive("games-per-pair");
const nodeFlags = opt["node-flags"] === undefined ? startScriptFlags() : opt["node-flags"].split(" ").filter((f) => f !== "");

const mb = (bytes) => Math.round(bytes / 1e5) / 10;

/** VmRSS and VmHWM of a process, in bytes (kB in /proc). */
function procMemory(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return undefined;
  }
}

function scenario(games) {
  return {
    name: `rss-${games}`,
    seed: 7,
    startMs: Date.UTC(2026, 10, 25, 17),
    // Coarser steps and slower makers than the default keep a 1 000-game simulator within one core.
    tickMs: 500,
    // Three hours apart: few same-day rematches, whose twin listings discovery would leave for review.
    games: { count: games, leagues: LEAGUES, spacingMs: 10_800_000 },
    marketMakers: { levels: 3, requoteMs: 3_000 },
  };
}

/** A cross-venue window every WINDOW_EVERY_MS for `spanS`, round-robin over the traded pairs. */
function windows(tickers, spanS) {
  const out = [];
  for (let i = 0; tickers.length > 0 && i * WINDOW_EVERY_MS < spanS * 1_000; i++) {
    out.push({
      kind: "arb.inject",
      atMs: i * WINDOW_EVERY_MS,
      arb: ARB_KINDS[i % ARB_KINDS.length],
      ticker: tickers[i % tickers.length],
      edgeBps: 150,
      sizeHundredths: 1_000,
      durationMs: 400,
    });
  }
  return out;
}

/**
 * The traded pairs' tickers: the client trades a market whose Kalshi-YES twin is its first outcome. Read from a
 * throwaway simulator of the same scenario (tickers depend on the seed and `startMs` only), so that the windows can be
 * written into the scenario's timeline and reach an embedded simulator too.
 */
async function tradedTickers(scenario) {
  const { startSim, parseScenario } = await import(join(root, "packages/venue-sim/dist/index.js"));
  const sim = await startSim({ scenario: parseScenario(scenario), eventLogMemory: 1 });
  try {
    return sim.control
      .markets()
      .games.flatMap((g) => g.kalshi.markets.filter((m) => m.polymarket?.polarity === "same" && !m.polymarket.trap).map((m) => m.ticker));
  } finally {
    await sim.close();
  }
}

/** One bot run: attached to a simulator of `games` games (or embedded), sampled at each of `marksS`. */
async function runOnce({ target, games, marksS, embedded }) {
  const dir = mkdtempSync(join(tmpdir(), "arb-rss-"));
  const botTmp = join(dir, "bot-tmp");
  mkdirSync(botTmp);
  const lastMark = marksS[marksS.length - 1];
  const base = scenario(games);
  const tickers = await tradedTickers(base);
  const scenarioPath = join(dir, "scenario.json");
  // Windows from the simulator's start until well after the last mark (discovery of 1 000 pairs takes a while).
  writeFileSync(scenarioPath, JSON.stringify({ ...base, timeline: windows(tickers, lastMark + READY_TIMEOUT_MS / 1_000) }));
  let sim;
  let bot;
  try {
    // The bot's simulator files (mapping, ledger, event log) go to its own TMPDIR, not the shared temp directory.
    let env;
    if (embedded) env = botEnv(undefined, botTmp, { ARB_SCENARIO: scenarioPath });
    else {
      const s = await startSimulator(scenarioPath, dir);
      sim = s.sim;
      env = botEnv(s.urls, botTmp);
    }
    let webUrl;
    let status = {};
    bot = start(
      "bot",
      [...nodeFlags, BOT_CLI, "start", "--web-port", "0", "--duration", String(lastMark + 600)],
      env,
      dir,
      logRecords((r) => {
        if (r.msg === "web dashboard listening") webUrl = r.url;
        else if (r.event === "session.status") status = r;
      }),
    );
    const pid = bot.child.pid;
    const dashboard = await waitFor("the web dashboard", () => webUrl, READY_TIMEOUT_MS, bot);
    const ready = await waitFor(
      "book updates",
      async () => {
        const m = await metricsOf(dashboard);
        return m !== undefined && (m.arb_book_updates_total ?? 0) > 0 ? m : undefined;
      },
      READY_TIMEOUT_MS,
      bot,
    );
    const t0 = Date.now();
    const readyMem = procMemory(pid);
    const samples = [];
    const marks = [];
    for (const markS of marksS) {
      while (Date.now() - t0 < markS * 1_000) {
        if (bot.child.exitCode !== null) throw new Error(`bot exited during the run:\n${bot.stderr()}`);
        const m = procMemory(pid);
        if (m !== undefined) samples.push({ t: (Date.now() - t0) / 1_000, ...m });
        await sleep(SAMPLE_MS);
      }
      const mem = procMemory(pid);
      const x = (await metricsOf(dashboard)) ?? {};
      const recent = samples.filter((s) => s.t > markS - 10).map((s) => s.rss);
      marks.push({
        atS: markS,
        rssMB: mb(mem?.rss ?? Number.NaN),
        hwmMB: mb(mem?.hwm ?? Number.NaN),
        rssMax10sMB: mb(Math.max(...recent)),
        heapUsedMB: mb(x.arb_process_nodejs_heap_size_used_bytes ?? Number.NaN),
        heapTotalMB: mb(x.arb_process_nodejs_heap_size_total_bytes ?? Number.NaN),
        externalMB: mb(x.arb_process_nodejs_external_memory_bytes ?? Number.NaN),
        bookUpdates: x.arb_book_updates_total ?? 0,
        arbsSeen: x.arb_opportunities_total ?? 0,
        arbsTaken: x.arb_arbs_started_total ?? 0,
        fills: x.arb_fills_total ?? 0,
        tickToOrderP50Us: status.tickToOrderP50Us,
        tickToOrderP99Us: status.tickToOrderP99Us,
      });
    }
    const first = marks[0];
    const updatesPerS = first === undefined ? 0 : Math.round((first.bookUpdates - (ready.arb_book_updates_total ?? 0)) / first.atS);
    return {
      target,
      games,
      embedded,
      livePairs: ready.arb_pairs_tracked ?? 0,
      readyRssMB: mb(readyMem?.rss ?? Number.NaN),
      updatesPerS,
      marks,
      simRssMB: sim === undefined ? undefined : mb(procMemory(sim.child.pid)?.rss ?? Number.NaN),
    };
  } finally {
    await stop(bot);
    await stop(sim);
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(results) {
  const rows = [
    "| world | live pairs | at | bot RSS MB | max RSS last 10 s | VmHWM MB | heap used / total MB | external MB | book updates/s | arbs seen / taken | tick→order p50 / p99 µs |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    for (const m of r.marks) {
      rows.push(
        `| ${r.embedded ? "embedded simulator" : "separate simulator"} | ${r.livePairs} (${r.games} games) | ${m.atS} s | ${m.rssMB} | ${m.rssMax10sMB} | ${m.hwmMB} | ${m.heapUsedMB} / ${m.heapTotalMB} | ${m.externalMB} | ${r.updatesPerS} | ${m.arbsSeen} / ${m.arbsTaken} | ${m.tickToOrderP50Us} / ${m.tickToOrderP99Us} |`,
      );
    }
  }
  return rows.join("\n");
}

const results = [];
for (const target of targets) {
  const marksS = target === longTarget ? [seconds, longSeconds] : [seconds];
  const games = Math.max(1, Math.ceil(target * gamesPerPair));
  process.stderr.write(`rss: ${target} pairs (${games} games), separate simulator, ${marksS.join(" / ")} s…\n`);
  results.push(await runOnce({ target, games, marksS, embedded: false }));
  if (opt.embedded) {
    process.stderr.write(`rss: ${target} pairs (${games} games), embedded simulator…\n`);
    results.push(await runOnce({ target, games, marksS: [seconds], embedded: true }));
  }
}
process.stdout.write(`${table(results)}\n`);
if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify({ node: process.version, nodeFlags, results }, null, 2)}\n`);
