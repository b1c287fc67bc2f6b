#!/usr/bin/env node
// Memory of the bot with N live pairs: the venue simulator runs in its own process (so its books, accounts and event
// log are not counted as the bot's), the bot attaches to it over `simulatorAdminUrl`, the scenario's timeline opens a
// cross-venue window every 250 ms round-robin over the traded pairs, and the bot's VmRSS / VmHWM are read from /proc
// every second (no cost to the bot) while its heap comes from its own /metrics at each mark. `--embedded` also runs
// the default world (simulator inside the bot process) for comparison. Plain JS over the built dist/ folders (build
// first), like src/start.mjs.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const USAGE = `usage: node apps/bot/scripts/rss.mjs [--pairs 15,300,1000] [--seconds 60] [--long 1000] [--long-seconds 120]
                                   [--embedded] [--games-per-pair 0.5] [--node-flags="--flag ..." (default: the start script's)] [--json <file>]
Starts the simulator (own process) and the bot attached to it for each pair count, injects cross-venue arbs, samples
the bot's RSS at the end of --seconds (and of --long-seconds for the --long pair count) and prints a Markdown table.`;

const root = fileURLToPath(new URL("../../../", import.meta.url));
const SIM_CLI = join(root, "packages/venue-sim/dist/cli.js");
const BOT_CLI = join(root, "apps/bot/dist/cli.js");
/** Two-way leagues: both Kalshi team markets of a game bind to its one Polymarket moneyline, two pairs a game (hence
 *  --games-per-pair 0.5; soccer's three Yes/No markets would make it three). */
const LEAGUES = ["NBA", "NFL", "NHL", "MLB", "NCAAF", "NCAAMB"];
const ARB_KINDS = ["kalshi_yes_poly_no", "poly_yes_kalshi_no"];
const SAMPLE_MS = 1_000;
const READY_TIMEOUT_MS = 180_000;
const WINDOW_EVERY_MS = 250;

const { values: opt } = parseArgs({
  options: {
    pairs: { type: "string", default: "15,300,1000" },
    seconds: { type: "string", default: "60" },
    long: { type: "string" },
    "long-seconds": { type: "string", default: "120" },
    embedded: { type: "boolean", default: false },
    "games-per-pair": { type: "string", default: "0.5" },
    "node-flags": { type: "string" },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (opt.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const positive = (name, v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number, got "${v}"\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
};
const targets = opt.pairs.split(",").map((p) => positive("pairs", p));
const seconds = positive("seconds", opt.seconds);
const longTarget = opt.long === undefined ? undefined : positive("long", opt.long);
const longSeconds = positive("long-seconds", opt["long-seconds"]);
const gamesPerPair = positive("games-per-pair", opt["games-per-pair"]);
// By default the V8 flags the bot ships with: those of its start script (`pnpm --filter bot start`).
const startScript = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).scripts.start;
const nodeFlags = (opt["node-flags"] ?? startScript.split(" ").filter((f) => f.startsWith("--")).join(" ")).split(" ").filter((f) => f !== "");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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

/** Prometheus text → { name: value } for unlabelled series, summing labelled ones by name. */
function readMetrics(text) {
  const out = {};
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m === null) continue;
    out[m[1]] = (out[m[1]] ?? 0) + Number(m[3]);
  }
  return out;
}

async function metricsOf(url) {
  try {
    const res = await fetch(new URL("/metrics", url), { signal: AbortSignal.timeout(5_000) });
    return res.ok ? readMetrics(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/** Spawns a node process; `lines` gets its stdout line by line. Logs go to files in `dir`. */
function start(name, args, env, dir, lines) {
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const errs = [];
  let buf = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buf += chunk;
    let i = buf.indexOf("\n");
    while (i >= 0) {
      lines?.(buf.slice(0, i));
      buf = buf.slice(i + 1);
      i = buf.indexOf("\n");
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c) => errs.length < 200 && errs.push(c));
  const exited = new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { name, child, exited, stderr: () => errs.join("") };
}

async function stop(p) {
  if (p === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  let timer;
  const done = await Promise.race([p.exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
  clearTimeout(timer);
  if (done === undefined) p.child.kill("SIGKILL");
}

async function waitFor(what, cond, timeoutMs, proc) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (proc !== undefined && proc.child.exitCode !== null) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.stderr()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
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
    out.push({ kind: "arb.inject", atMs: i * WINDOW_EVERY_MS, arb: ARB_KINDS[i % ARB_KINDS.length], ticker: tickers[i % tickers.length], edgeBps: 150, sizeHundredths: 1_000, durationMs: 400 });
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
    return sim.control.markets().games.flatMap((g) => g.kalshi.markets.filter((m) => m.polymarket?.polarity === "same" && !m.polymarket.trap).map((m) => m.ticker));
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
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
    Object.assign(env, { TMPDIR: botTmp, ARB_LOG_LEVEL: "info" });
    if (embedded) env.ARB_SCENARIO = scenarioPath;
    else {
      let out = "";
      sim = start("simulator", [SIM_CLI, "--scenario", scenarioPath], { ...process.env }, dir, (l) => (out += `${l}\n`));
      const urls = await waitFor(
        "the simulator's URLs",
        () => {
          try {
            return JSON.parse(out);
          } catch {
            return undefined;
          }
        },
        60_000,
        sim,
      );
      Object.assign(env, {
        ARB_SIMULATOR_ADMIN_URL: urls.admin,
        ARB_VENUES__KALSHI__REST_URL: urls.kalshi.rest,
        ARB_VENUES__KALSHI__WS_URL: urls.kalshi.ws,
        ARB_VENUES__POLYMARKET__URLS: JSON.stringify(urls.polymarket),
      });
    }
    let webUrl;
    let status = {};
    bot = start("bot", [...nodeFlags, BOT_CLI, "start", "--web-port", "0", "--duration", String(lastMark + 600)], env, dir, (l) => {
      if (!l.startsWith("{")) return;
      try {
        const r = JSON.parse(l);
        if (r.msg === "web dashboard listening") webUrl = r.url;
        else if (r.event === "session.status") status = r;
      } catch {
        // Not a log line (the summary table): ignored.
      }
    });
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
