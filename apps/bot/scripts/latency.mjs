#!/usr/bin/env node
// Tick to order, from the wire, for every arb type: the simulator runs in its own process, the bot (the program users
// run, with its start script's V8 flags) attaches to it, and windows of each type are opened one at a time on the
// pairs it trades. Two figures per arb: the bot's own (the window's frame arriving on its socket → its last order
// written on its socket, from the run folder's latency.jsonl, every stage stamped) and the external one (the frame
// leaving the simulator's socket, from the simulator's event log → the same write; both on the machine's monotonic
// clock). Same-venue windows are crossed books, which the bot refuses by default: the run turns that rule off to time
// their path. Plain JS over the built dist/ folders (`pnpm bench:latency` builds first).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_CLI, botEnv, logRecords, jsonl, metricsOf, scriptArgs, sleep, start, startScriptFlags, startSimulator, stop, waitFor } from "./procs.mjs";

const USAGE = `usage: node apps/bot/scripts/latency.mjs [--per-type 200] [--quick] [--out bench/results/latency.md] [--json <file>] [--profile <dir>]
       [--bot-env KEY=VALUE ...] [--sweep-keep-warm 50,10,5,0]
Opens --per-type windows of each arb type (cross-venue both ways, Polymarket and Kalshi same-market) against the bot
and prints the tick-to-order table (p50 / p90 / p99 / max, the first arb of the run, each stage's share) and the bot's
CPU while idle (before the first window). --quick: 30 per type. --profile writes the bot's V8 CPU profile into <dir>
(open it in Chrome DevTools). --bot-env sets a bot setting for the run (e.g. ARB_EXECUTION__EXECUTION__KEEP_WARM_MS=5).
--sweep-keep-warm runs once per keep-warm interval (ms, 0 = off) and prints latency against idle CPU instead.`;

const TYPES = ["kalshi_yes_poly_no", "poly_yes_kalshi_no", "poly_same_market", "kalshi_same_market"];
const WINDOW_MS = 250;
/** Each window's edge: Kalshi charges both legs of a same-market arb (~3.5¢ a contract at mid prices). */
const EDGE_BPS = { kalshi_yes_poly_no: 300, poly_yes_kalshi_no: 300, poly_same_market: 300, kalshi_same_market: 800 };
const GAP_MS = 400;
const READY_TIMEOUT_MS = 120_000;
/** The bot's CPU is read over this long with no window open (market makers still re-quote): its idle cost. */
const IDLE_MS = 10_000;

const { opt, numberArg } = scriptArgs(USAGE, {
  "per-type": { type: "string", default: "200" },
  quick: { type: "boolean", default: false },
  out: { type: "string" },
  json: { type: "string" },
  profile: { type: "string" },
  "bot-env": { type: "string", multiple: true, default: [] },
  "sweep-keep-warm": { type: "string" },
});
const extraEnv = Object.fromEntries(
  opt["bot-env"].map((kv) => {
    const i = kv.indexOf("=");
    if (i <= 0 || !kv.startsWith("ARB_")) {
      process.stderr.write(`--bot-env must be ARB_<SETTING>=<value>, got "${kv}"\n${USAGE}\n`);
      process.exit(2);
    }
    return [kv.slice(0, i), kv.slice(i + 1)];
  }),
);
const sweep =
  opt["sweep-keep-warm"] === undefined
    ? undefined
    : opt["sweep-keep-warm"].split(",").map((v) => {
        const n = Number(v);
        if (v.trim() === "" || !Number.isInteger(n) || n < 0) {
          process.stderr.write(`--sweep-keep-warm must be a comma-separated list of whole milliseconds, got "${opt["sweep-keep-warm"]}"\n${USAGE}\n`);
          process.exit(2);
        }
        return n;
      });
const perType = opt.quick ? 30 : numberArg("per-type", (n) => Number.isInteger(n) && n > 0, "a positive integer");

const SCENARIO = {
  name: "latency",
  seed: 15,
  tickMs: 250,
  games: { count: 6, leagues: ["NBA", "NHL", "NFL"] },
  // Slow makers: a window never lands inside a busy re-quote turn of the simulator.
  marketMakers: { levels: 3, requoteMs: 5_000 },
  polymarket: { trapGames: 0 },
};

/** Limits out of the way: hundreds of small arbs on a few games are the point, not what risk would allow a trader. */
const BOT_ENV = {
  ARB_TRADING__BOOK_CONSISTENCY: "off",
  ARB_TRADING__SIMULATOR_BALANCE_MICROS: String(1e12),
  ARB_EXECUTION__RISK__MAX_EXPOSURE_MARKET_MICROS: String(1e13),
  ARB_EXECUTION__RISK__MAX_EXPOSURE_EVENT_MICROS: String(1e13),
  ARB_EXECUTION__RISK__MAX_EXPOSURE_TOTAL_MICROS: String(1e13),
  ARB_EXECUTION__BREAKER__MAX_POSITION_MARKET_HUNDREDTHS: String(1e12),
  ARB_EXECUTION__BREAKER__MAX_POSITION_TOTAL_MICROS: String(1e13),
  ARB_EXECUTION__BREAKER__MAX_DAILY_LOSS_MICROS: String(1e13),
};

const pct = (xs, p) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (us) => (Number.isNaN(us) ? "–" : us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${Math.round(us)} µs`);

async function admin(base, path, body, method = body === undefined ? "GET" : "POST") {
  const r = await fetch(new URL(path, base), {
    method,
    ...(body !== undefined && { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  if (!r.ok) throw new Error(`simulator admin ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? undefined : r.json();
}

async function main(env) {
  const dir = mkdtempSync(join(tmpdir(), "arb-latency-"));
  const botTmp = join(dir, "bot-tmp");
  mkdirSync(botTmp);
  const scenarioPath = join(dir, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify(SCENARIO));
  const simLog = join(dir, "sim.jsonl");
  let sim;
  let bot;
  try {
    const s = await startSimulator(scenarioPath, dir, ["--event-log", simLog]);
    sim = s.sim;
    let webUrl;
    let summary;
    const total = perType * TYPES.length;
    const seconds = Math.ceil((total * GAP_MS) / 1_000) + 60;
    const profile = opt.profile === undefined ? [] : ["--cpu-prof", "--cpu-prof-interval=50", `--cpu-prof-dir=${opt.profile}`];
    bot = start(
      "bot",
      [...startScriptFlags(), ...profile, BOT_CLI, "start", "--web-port", "0", "--duration", String(seconds)],
      botEnv(s.urls, botTmp, { ...BOT_ENV, ...env }),
      dir,
      logRecords((r) => {
        if (r.msg === "web dashboard listening") webUrl = r.url;
        else if (r.event === "session.summary") summary = r;
      }),
    );
    const dashboard = await waitFor("the web dashboard", () => webUrl, READY_TIMEOUT_MS, bot);
    await waitFor("book updates", async () => ((await metricsOf(dashboard))?.arb_book_updates_total ?? 0) > 0, READY_TIMEOUT_MS, bot);
    // Idle cost (keep-warm timers, heartbeats, re-quotes): prom-client's process CPU counter across a quiet spell.
    await sleep(2_000);
    const cpuSeconds = async () => {
      const m = (await metricsOf(dashboard)) ?? {};
      return m[Object.keys(m).find((k) => k.endsWith("process_cpu_seconds_total")) ?? ""];
    };
    const cpu0 = await cpuSeconds();
    await sleep(IDLE_MS);
    const cpu1 = await cpuSeconds();
    const idleCpuPct = cpu0 === undefined || cpu1 === undefined ? Number.NaN : ((cpu1 - cpu0) * 100_000) / IDLE_MS;
    // The pairs the bot trades are the simulator's non-trap markets listed as their Polymarket twin's first outcome.
    const markets = await admin(s.urls.admin, "/markets");
    const listed = markets.games.flatMap((g) => g.kalshi.markets.filter((m) => m.polymarket?.polarity === "same" && !m.polymarket.trap));
    if (listed.length === 0) throw new Error("no traded pair in the simulator's listing");
    if (listed.length < TYPES.length) throw new Error(`${listed.length} traded pairs: one per arb type at least is needed`);
    // Each type has markets of its own: a window never meets the bot's own orders of the window before it on its books
    // (their claims are held for claimHoldMs), and a market is opened again only seconds later.
    const groups = TYPES.map((_, t) => listed.filter((_, j) => j % TYPES.length === t));
    process.stderr.write(`latency: ${total} windows over ${listed.length} markets…\n`);
    for (let i = 0; i < total; i++) {
      const kind = TYPES[i % TYPES.length];
      const group = groups[i % TYPES.length];
      const m = group[Math.floor(i / TYPES.length) % group.length];
      const where = kind === "poly_same_market" ? { conditionId: m.polymarket.conditionId } : { ticker: m.ticker };
      if (kind === "kalshi_same_market") {
        // Kalshi sends a window's two legs as two deltas, and the first alone shows a cross-venue arb against the
        // Polymarket twin, which the bot rightly takes. The twin's books are emptied first (its market hosts no other
        // type's windows), so the window is timed on the path it is meant to measure.
        for (const token of [m.polymarket.yesTokenId, m.polymarket.noTokenId])
          await admin(s.urls.admin, `/polymarket/books/${token}`, { bids: [], asks: [] }, "PUT");
        await sleep(20);
      }
      await admin(s.urls.admin, "/arbs", { kind, ...where, edgeBps: EDGE_BPS[kind], sizeHundredths: 1_000, durationMs: WINDOW_MS });
      await sleep(GAP_MS);
      if (bot.child.exitCode !== null) throw new Error(`bot exited during the run:\n${bot.stderr()}`);
    }
    bot.child.kill("SIGTERM");
    await bot.exited;
    if (summary === undefined || typeof summary.runDir !== "string") throw new Error("the bot printed no session summary with its run folder");
    await stop(sim);
    return { ...judge(jsonl(join(summary.runDir, "latency.jsonl")), jsonl(simLog), summary), idleCpuPct };
  } finally {
    await stop(bot);
    await stop(sim);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each window's opening frames are the simulator's last `frame.sent` records on a market-data socket before its
 * `arb.window-opened` record (it logs the window once its frames are out); the bot's arbs come in the same order.
 */
function judge(arbs, simLog, summary) {
  const opened = [];
  let lastFrameNs;
  for (const r of simLog) {
    if (r.kind === "frame.sent" && r.channel !== "user") lastFrameNs = BigInt(r.ts);
    else if (r.kind === "arb.window-opened") opened.push({ kind: r.window.kind, frameNs: lastFrameNs });
  }
  const frames = opened.flatMap((o) => (o.frameNs === undefined ? [] : [Number(o.frameNs / 1000n)]));
  const rows = TYPES.map((type) => {
    const mine = arbs.filter((a) => a.type === type);
    const own = mine.map((a) => a.writtenUs.at(-1) - a.frameUs);
    // The external figure: the opening frame of the window the arb was taken in (the last one opened before the bot's
    // frame arrival, of whatever kind: a window can show a better arb of another type than its own).
    const external = mine.flatMap((a) => {
      const f = frames.filter((x) => x <= a.frameUs).at(-1);
      return f === undefined || a.frameUs - f > WINDOW_MS * 1000 ? [] : [a.writtenUs.at(-1) - f];
    });
    const stage = (f) => pct(mine.map(f), 50);
    return {
      type,
      arbs: mine.length,
      own: { p50: pct(own, 50), p90: pct(own, 90), p99: pct(own, 99), max: Math.max(...own) },
      external: { p50: pct(external, 50), p90: pct(external, 90), p99: pct(external, 99), max: external.length === 0 ? Number.NaN : Math.max(...external) },
      first: own[0],
      stages: {
        detect: stage((a) => a.detectUs - a.frameUs),
        decide: stage((a) => a.committedUs - a.detectUs),
        firstWrite: stage((a) => a.writtenUs[0] - a.committedUs),
        lastWrite: stage((a) => a.writtenUs.at(-1) - a.writtenUs[0]),
      },
    };
  });
  return {
    rows,
    firstOfRun: arbs[0] === undefined ? Number.NaN : arbs[0].writtenUs.at(-1) - arbs[0].frameUs,
    firstStages:
      arbs[0] === undefined
        ? undefined
        : {
            detect: arbs[0].detectUs - arbs[0].frameUs,
            decide: arbs[0].committedUs - arbs[0].detectUs,
            firstWrite: arbs[0].writtenUs[0] - arbs[0].committedUs,
            lastWrite: arbs[0].writtenUs.at(-1) - arbs[0].writtenUs[0],
          },
    arbsTaken: summary.arbsTaken,
    botTickToOrderP50Us: summary.tickToOrderP50Us,
  };
}

function render(r) {
  const head = [
    "| arb type | arbs | external p50 / p90 / p99 / max | bot's own p50 / p90 / p99 / max | frame → detected | → journaled | → first order written | → last order written |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const body = r.rows.map((x) => {
    const e = x.external;
    const o = x.own;
    return `| ${x.type} | ${x.arbs} | ${fmt(e.p50)} / ${fmt(e.p90)} / ${fmt(e.p99)} / ${fmt(e.max)} | ${fmt(o.p50)} / ${fmt(o.p90)} / ${fmt(o.p99)} / ${fmt(o.max)} | ${fmt(x.stages.detect)} | ${fmt(x.stages.decide)} | ${fmt(x.stages.firstWrite)} | ${fmt(x.stages.lastWrite)} |`;
  });
  return [
    ...head,
    ...body,
    "",
    `First arb of the run: ${fmt(r.firstOfRun)} (bot's own${r.firstStages === undefined ? "" : `: ${[r.firstStages.detect, r.firstStages.decide, r.firstStages.firstWrite, r.firstStages.lastWrite].map(fmt).join(" + ")} by stage`}). Stages are medians of each gap. The bot's CPU while idle: ${r.idleCpuPct.toFixed(2)} % of a core.`,
  ].join("\n");
}

/** One row per keep-warm interval: each type's external and own p50, the journaled stage, and the idle CPU it costs. */
function renderSweep(runs) {
  const head = [
    `| keep-warm every | idle CPU (% of a core) | ${TYPES.map((t) => `${t} external / own p50`).join(" | ")} | → journaled (median over types) | first arb |`,
    `|---|---|${TYPES.map(() => "---|").join("")}---|---|`,
  ];
  const body = runs.map(({ keepWarmMs, r }) => {
    const cells = r.rows.map((x) => `${fmt(x.external.p50)} / ${fmt(x.own.p50)}`);
    return `| ${keepWarmMs === 0 ? "off" : `${keepWarmMs} ms`} | ${r.idleCpuPct.toFixed(2)} | ${cells.join(" | ")} | ${fmt(
      pct(
        r.rows.map((x) => x.stages.decide),
        50,
      ),
    )} | ${fmt(r.firstOfRun)} |`;
  });
  return [...head, ...body].join("\n");
}

const METHOD = `The simulator runs in its own process, the bot (its start script's V8 flags, web dashboard on) attaches to it,
and windows of each type open one at a time (${WINDOW_MS} ms long, every ${GAP_MS} ms), each type on markets of its own.
**External**: the window's last opening frame handed to the simulator's socket → the bot's last order of the arb
written on its socket, both on the machine's monotonic clock (the simulator's event log and the bot's latency.jsonl).
**Bot's own**: that frame arriving on the bot's socket → the same write (the dashboard's tick→order figure). Stages:
frame → the core's detection → the step's writes journaled (decision, Polymarket order staged and hashed, journal
append) → the first order written → the last. Idle CPU: the bot's process CPU over ${IDLE_MS / 1000} s before the first window.
Target (issue 15): external p50 ≤ 500 µs, p99 ≤ 2 ms, first arb ≤ 2 ms.`;
const title = (what) => `# ${what} (\`pnpm bench:latency\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version})`;

if (sweep === undefined) {
  const result = await main(extraEnv);
  const table = render(result);
  process.stdout.write(`${table}\n`);
  if (opt.out !== undefined) writeFileSync(opt.out, `${title("Tick to order from the wire")}\n\n${METHOD}\n\n${table}\n`);
  if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify(result, null, 2)}\n`);
} else {
  const runs = [];
  for (const keepWarmMs of sweep) {
    process.stderr.write(`latency: keep-warm ${keepWarmMs} ms…\n`);
    runs.push({ keepWarmMs, r: await main({ ...extraEnv, ARB_EXECUTION__EXECUTION__KEEP_WARM_MS: String(keepWarmMs) }) });
  }
  const table = renderSweep(runs);
  process.stdout.write(`${table}\n`);
  const args = `--per-type ${perType} --sweep-keep-warm ${sweep.join(",")}`;
  if (opt.out !== undefined) writeFileSync(opt.out, `${title("Tick to order against the keep-warm interval")}\n\nRun: \`${args}\`. ${METHOD}\n\n${table}\n`);
  if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify(runs, null, 2)}\n`);
}
