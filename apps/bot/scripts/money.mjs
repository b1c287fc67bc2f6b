#!/usr/bin/env node
// Does the bot keep the money it finds? The simulator runs a scenario in its own process, the bot trades against it
// in another, and the run is judged from both logs as a trader would: every window the simulator opened (with its
// theoretical profit), every arb the bot took, and the money at the venue at the end: the bot's accounts' cash and
// holdings in the simulator, valued at the worst outcome of each game ("guaranteed P&L"). Plain JS over the built
// dist/ folders (`pnpm bench:money` builds first).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_CLI, botEnv, logRecords, jsonl, metricsOf, root, scriptArgs, start, startScriptFlags, startSimulator, stop, waitFor } from "./procs.mjs";
import { TERMINAL } from "@arb/execution";

const USAGE = `usage: node apps/bot/scripts/money.mjs [--scenario default,race-30] [--lead-ms 12000] [--repeat 1]
                                     [--out bench/results/money.md] [--json <file>] [--keep] [-- -- <extra bot start arguments>]
Runs each scenario (a name under packages/venue-sim/scenarios or a file) with the simulator in its own process and the
bot attached to it, then prints (and with --out writes) one table row per run: windows, arbs taken and per window,
capture (guaranteed P&L at the venue ÷ the windows' theoretical profit), phantom moments refused, phantom entries,
loss per arb against the bound, alerts and residual exposure. Exits 1 when two arbs worked one book at once.
--keep leaves each run's folder (scenario, simulator log, bot files) and names it.`;

const BALANCE_MICROS = 10_000_000_000;
const READY_TIMEOUT_MS = 120_000;
/** A decision made this long after a window closed still saw the window (the close frames were on their way). */
const CLOSE_GRACE_MS = 20;
/** The simulator logs a window after sending its frames, and its clock is read in another process: a decision
 *  stamped this much before the logged opening answered the window's own frames. */
const OPEN_GRACE_MS = 10;

const { opt, positionals, numberArg } = scriptArgs(
  USAGE,
  {
    scenario: { type: "string", default: "default,race-30" },
    "lead-ms": { type: "string", default: "12000" },
    repeat: { type: "string", default: "1" },
    out: { type: "string" },
    json: { type: "string" },
    keep: { type: "boolean", default: false },
  },
  true,
);
const leadMs = numberArg("lead-ms", (n) => Number.isInteger(n) && n >= 0, "a non-negative integer");
const repeat = numberArg("repeat", (n) => Number.isInteger(n) && n >= 1, "a positive integer");
const extraBotArgs = positionals;

function loadScenario(name) {
  const path = name.endsWith(".json") ? name : join(root, "packages/venue-sim/scenarios", `${name}.json`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    process.stderr.write(`cannot read scenario ${name} (${path}): ${e.message}\n`);
    process.exit(2);
  }
}

const usd = (micros) => `${micros < 0 ? "−" : ""}$${(Math.abs(micros) / 1e6).toFixed(2)}`;

/**
 * The bot's money at the venue: its accounts' cash change and holdings (the simulator's own account views), each
 * game's holdings paid out at the outcome that pays least — the simulator's valuation (admin POST /valuation).
 */
async function venueTruth(adminUrl, kalshiIds, polyAddresses) {
  const r = await fetch(new URL("/valuation", adminUrl), {
    method: "POST",
    body: JSON.stringify({ kalshiAccounts: [...kalshiIds], polymarketAddresses: [...polyAddresses], startBalanceMicros: BALANCE_MICROS }),
  });
  if (!r.ok) throw new Error(`simulator admin POST /valuation: ${r.status} ${await r.text()}`);
  const { guaranteedMicros, bestMicros } = await r.json();
  return { guaranteedMicros, bestMicros };
}

function judge(simLog, botEvents, wall0, mono0, readyWallMs) {
  const wall = (ts) => wall0 + Number(BigInt(ts) - mono0) / 1e6;
  const opened = new Map();
  for (const r of simLog) {
    if (r.kind === "arb.window-opened") opened.set(r.window.windowId, { w: r.window, openWall: wall(r.ts), closeWall: Number.POSITIVE_INFINITY });
    else if (r.kind === "arb.window-closed") {
      const o = opened.get(r.window.windowId);
      if (o !== undefined) o.closeWall = wall(r.ts);
    }
  }
  const all = [...opened.values()];
  // A same-venue window (YES + NO under $1 on one market) is a crossed book: both venues match YES and NO on one book,
  // so it cannot exist there, and the bot is right to refuse it. Capture is measured on the windows that can.
  const sameVenue = (o) => o.w.kind === "kalshi_same_market" || o.w.kind === "poly_same_market";
  const windows = all.filter((o) => o.openWall >= readyWallMs && !sameVenue(o));
  const impossible = all.filter((o) => o.openWall >= readyWallMs && sameVenue(o));
  const faults = simLog
    .filter((r) => r.kind === "scenario.fired" && r.event?.kind === "orders.fault")
    .map((r) => `${r.event.venue} ${r.event.mode}×${r.event.count ?? 1}`);

  const arbs = new Map();
  const alerts = {};
  let maxUnwindLoss = 0;
  let exposed = 0;
  for (const e of botEvents) {
    if (e.kind === "arb.started") arbs.set(e.arbId, { ...e, orders: new Map(), workingUntil: Number.POSITIVE_INFINITY });
    else if (e.kind === "order.changed") {
      const a = arbs.get(e.arbId);
      if (a === undefined) continue;
      a.orders.set(e.clientOrderId, { to: e.to, tsMs: e.tsMs });
    } else if (e.kind === "arb.closed") maxUnwindLoss = Math.max(maxUnwindLoss, e.unwindLossMicros);
    else if (e.kind === "exposure.residual") exposed++;
    else if (e.kind === "alert.raised") alerts[e.alert.kind] = (alerts[e.alert.kind] ?? 0) + 1;
  }
  // An arb works its books from its start until its entry orders are all finished.
  const entryIds = (a) => [`${a.arbId}-1`, `${a.arbId}-2`].filter((id) => a.orders.has(id));
  for (const a of arbs.values()) {
    const ids = entryIds(a);
    if (ids.length > 0 && ids.every((id) => TERMINAL.has(a.orders.get(id).to))) a.workingUntil = Math.max(...ids.map((id) => a.orders.get(id).tsMs));
  }
  const list = [...arbs.values()].sort((x, y) => x.tsMs - y.tsMs);
  const overlaps = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length && list[j].tsMs < list[i].workingUntil; j++) {
      const shared = list[i].books.filter((b) => list[j].books.includes(b));
      if (shared.length > 0) overlaps.push(`${list[i].arbId} and ${list[j].arbId} on ${shared.join(", ")}`);
    }
  }
  const marketsOf = (books) => books.map((b) => b.split(":").slice(0, 2).join(":"));
  const windowMarkets = (w) => w.legs.map((l) => `${l.venue}:${l.market}`);
  let phantoms = 0;
  let designedFirst = 0;
  for (const a of list) {
    const m = marketsOf(a.books);
    const inWindow = all.some(
      (o) => a.tsMs >= o.openWall - OPEN_GRACE_MS && a.tsMs <= o.closeWall + CLOSE_GRACE_MS && windowMarkets(o.w).some((x) => m.includes(x)),
    );
    if (!inWindow) phantoms++;
  }
  for (const o of windows) {
    const wm = windowMarkets(o.w).sort().join(" ");
    const first = list.find(
      (a) => a.tsMs >= o.openWall - OPEN_GRACE_MS && a.tsMs <= o.closeWall + CLOSE_GRACE_MS && windowMarkets(o.w).some((x) => marketsOf(a.books).includes(x)),
    );
    if (first !== undefined && first.type === o.w.kind && marketsOf(first.books).sort().join(" ") === wm) designedFirst++;
  }
  const taken = list.filter((a) => a.tsMs >= readyWallMs).length;
  const at = (ms) => Math.round(ms - readyWallMs);
  return {
    detail: {
      windows: all.map((o) => ({
        kind: o.w.kind,
        markets: windowMarkets(o.w),
        sizeHundredths: o.w.sizeHundredths,
        theoreticalMicros: o.w.theoreticalProfitMicros,
        openMs: at(o.openWall),
        closeMs: at(o.closeWall),
      })),
      arbs: list.map((a) => ({
        arbId: a.arbId,
        type: a.type,
        books: a.books,
        sizeHundredths: a.sizeHundredths,
        expectedMicros: a.expectedProfitMicros,
        atMs: at(a.tsMs),
        workingUntilMs: at(a.workingUntil),
      })),
    },
    windows: windows.length,
    windowsBeforeReady: all.filter((o) => o.openWall < readyWallMs).length,
    impossibleWindows: impossible.length,
    impossibleTaken: list.filter((a) =>
      impossible.some((o) => a.tsMs >= o.openWall - OPEN_GRACE_MS && a.tsMs <= o.closeWall + CLOSE_GRACE_MS && a.type === o.w.kind),
    ).length,
    theoreticalMicros: windows.reduce((s, o) => s + o.w.theoreticalProfitMicros, 0),
    arbsTaken: taken,
    designedFirst,
    phantomEntries: phantoms,
    overlaps,
    maxUnwindLoss,
    exposedArbs: exposed,
    alerts,
    faults,
  };
}

async function runOnce(name) {
  const scenario = loadScenario(name);
  const timeline = (scenario.timeline ?? []).map((e) => ({ ...e, atMs: e.atMs + leadMs }));
  const endMs = timeline.reduce((m, e) => Math.max(m, e.atMs + (e.durationMs ?? 0)), leadMs) + 3_000;
  const dir = mkdtempSync(join(tmpdir(), "arb-money-"));
  const botTmp = join(dir, "bot-tmp");
  mkdirSync(botTmp);
  const scenarioPath = join(dir, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify({ ...scenario, timeline }));
  const simLogPath = join(dir, "sim.jsonl");
  let sim;
  let bot;
  try {
    const wall0 = Date.now();
    const mono0 = process.hrtime.bigint();
    const s = await startSimulator(scenarioPath, dir, ["--event-log", simLogPath]);
    sim = s.sim;
    const simStartWall = Date.now();
    let webUrl;
    let summary;
    const env = botEnv(s.urls, botTmp, { ARB_TRADING__SIMULATOR_BALANCE_MICROS: String(BALANCE_MICROS) });
    const seconds = Math.ceil((endMs - (Date.now() - simStartWall)) / 1_000);
    bot = start(
      "bot",
      [...startScriptFlags(), BOT_CLI, "start", "--web-port", "0", "--duration", String(seconds), ...extraBotArgs],
      env,
      dir,
      logRecords((r) => {
        if (r.msg === "web dashboard listening") webUrl = r.url;
        else if (r.event === "session.summary") summary = r;
      }),
    );
    const dashboard = await waitFor("the web dashboard", () => webUrl, READY_TIMEOUT_MS, bot);
    await waitFor("book updates", async () => ((await metricsOf(dashboard))?.arb_book_updates_total ?? 0) > 0, READY_TIMEOUT_MS, bot);
    const readyWallMs = Date.now();
    const exit = await bot.exited;
    if (exit.code !== 0) throw new Error(`bot exited ${exit.code ?? exit.signal}:\n${bot.stderr()}`);
    if (summary === undefined) throw new Error("the bot printed no session summary");
    const simLog = jsonl(simLogPath);
    const kalshiIds = new Set(simLog.filter((r) => r.kind === "fill.booked" && !String(r.fill.accountId).startsWith("house")).map((r) => r.fill.accountId));
    const polyAddresses = new Set(
      simLog
        .filter((r) => r.kind === "trade.matched")
        .flatMap((r) => [r.trade.takerAccountId, r.trade.makerAccountId])
        .filter((a) => !String(a).startsWith("house")),
    );
    const truth = await venueTruth(s.urls.admin, kalshiIds, polyAddresses);
    // Each simulator run keeps its files in a run folder of its own, which the summary line names.
    if (typeof summary.runDir !== "string") throw new Error("the session summary names no run folder");
    const botEvents = jsonl(join(summary.runDir, "events.jsonl"));
    const j = judge(simLog, botEvents, wall0, mono0, readyWallMs);
    return { scenario: name, ...j, summary, ...truth, readyAfterMs: readyWallMs - simStartWall, leadMs };
  } finally {
    await stop(bot);
    await stop(sim);
    if (opt.keep) process.stderr.write(`money: ${name}: run folder kept: ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function row(r) {
  const capture = r.theoreticalMicros > 0 ? `${((r.guaranteedMicros / r.theoreticalMicros) * 100).toFixed(1)} %` : "n/a";
  const perWindow = r.windows > 0 ? (r.arbsTaken / r.windows).toFixed(2) : "n/a";
  const alerts =
    Object.entries(r.alerts)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  const phantoms = `K ${r.summary.booksInconsistent.kalshi} / P ${r.summary.booksInconsistent.polymarket}`;
  return `| ${r.scenario} | ${r.windows}${r.windowsBeforeReady > 0 ? ` (+${r.windowsBeforeReady} before ready)` : ""} | ${r.impossibleWindows} (${r.impossibleTaken} taken) | ${r.arbsTaken} | ${perWindow} | ${r.designedFirst} / ${r.windows} | ${usd(r.theoreticalMicros)} | ${usd(r.guaranteedMicros)} | ${capture} | ${usd(r.summary.guaranteedPnlMicros)} | ${phantoms} | ${r.phantomEntries} | ${r.overlaps.length} | ${usd(r.maxUnwindLoss)} | ${r.exposedArbs} | ${usd(r.summary.unmatchedExposureMicros)} | ${alerts} | ${r.faults.join(", ") || "none"} |`;
}

const HEADER = [
  "| scenario | cross-venue windows | same-venue windows (crossed books) | arbs taken | arbs / window | designed arb first | windows' theoretical profit | guaranteed P&L at the venue | capture | bot's own guaranteed P&L | phantom moments refused | phantom entries | arbs sharing a book | largest resolve loss | arbs left exposed | unmatched exposure | alerts | injected faults |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];

const results = [];
for (const name of opt.scenario.split(",")) {
  for (let i = 0; i < repeat; i++) {
    process.stderr.write(`money: ${name} run ${i + 1}/${repeat}…\n`);
    results.push(await runOnce(name));
  }
}
const table = [...HEADER, ...results.map(row)].join("\n");
process.stdout.write(`${table}\n`);
for (const r of results) for (const o of r.overlaps) process.stderr.write(`money: ${r.scenario}: two arbs worked one book at once: ${o}\n`);
if (opt.out !== undefined) {
  const when = new Date().toISOString().slice(0, 10);
  const text = `# Money kept (\`pnpm bench:money\`, ${when}, Node ${process.version})\n\n${table}\n`;
  writeFileSync(opt.out, text);
}
if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify(results, null, 2)}\n`);
if (results.some((r) => r.overlaps.length > 0)) process.exit(1);
