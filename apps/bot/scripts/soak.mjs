#!/usr/bin/env node
// Chaos soak (`pnpm soak -- --minutes N`): the venue simulator in its own process, the bot attached to it with
// accounts the soak made (so a restarted bot resumes the same ledger against the same accounts, `start --run-dir`),
// and for N minutes: arb windows on traded pairs, disconnects, sequence gaps, malformed frames, 429 bursts, latency
// spikes, one-sided fills, rejects, timeouts, late fills, failed trades — all through the simulator's admin API —
// and SIGKILL + restart of the bot at random moments. Then the invariants (soak-invariants.mjs) are checked and
// printed; exit 1 when one fails. Loopback only; every child is bounded and stopped by pid. Plain JS over the built
// dist/ folders (the root script builds first).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BOT_CLI, botEnv, logRecords, metricsOf, root, scriptArgs, sleep, start, startScriptFlags, startSimulator, stop, waitFor } from "./procs.mjs";
import { adminCall, createChaos, seeded } from "./soak-chaos.mjs";
import { judge, rssSlopes } from "./soak-invariants.mjs";

const USAGE = `usage: pnpm soak -- --minutes N [--seed S] [--kills K] [--step-ms 1500] [--loss-limit-micros 25000000]
                      [--max-rss-slope 2] [--json <file>] [--keep]
Runs the bot against the simulator (each in its own process) under random faults and SIGKILL + restarts for N
minutes, then checks: no crash besides the injected kills, every order terminal, ledger == simulator to the micro,
no duplicate order, every exposure resolved or alerted with a reason, the breaker tripped when losses passed the
limit, and the bot's RSS slope. The first two thirds are the chaos phase: the kills (default one per 4 minutes, at
least one) fall there, with the daily loss limit --loss-limit-micros. The last third, after one more kill, is the
steady phase: the same faults, no kills, no loss limit, one long life whose RSS slope is judged when it lasts 5+
minutes. Exit 1 when an invariant fails.
--keep leaves the soak's folder (scenario, keys, run folder with ledger and events, logs) and names it.`;

const { opt, numberArg } = scriptArgs(USAGE, {
  minutes: { type: "string" },
  seed: { type: "string" },
  kills: { type: "string" },
  "step-ms": { type: "string", default: "1500" },
  "loss-limit-micros": { type: "string", default: "25000000" },
  "max-rss-slope": { type: "string", default: "2" },
  json: { type: "string" },
  keep: { type: "boolean", default: false },
});
if (opt.minutes === undefined) {
  process.stderr.write(`--minutes is required\n${USAGE}\n`);
  process.exit(2);
}
const minutes = numberArg("minutes", (n) => Number.isFinite(n) && n > 0 && n <= 24 * 60, "a number of minutes, at most 1440");
const seed = opt.seed === undefined ? Date.now() % 2 ** 31 : numberArg("seed", Number.isSafeInteger, "an integer");
const kills =
  opt.kills === undefined ? Math.max(1, Math.round(minutes / 4)) : numberArg("kills", (n) => Number.isInteger(n) && n >= 0, "a non-negative integer");
const stepMs = numberArg("step-ms", (n) => Number.isInteger(n) && n >= 100, "an integer ≥ 100");
const lossLimitMicros = numberArg("loss-limit-micros", (n) => Number.isSafeInteger(n) && n > 0, "a positive integer");
const maxRssSlope = numberArg("max-rss-slope", (n) => Number.isFinite(n) && n > 0, "a positive number");

const BALANCE_MICROS = 1_000_000_000_000;
const READY_TIMEOUT_MS = 120_000;
/** Lives in a row that never saw a book before the soak gives up on the bot. */
const MAX_DEAD_STARTS = 3;
/** After the faults stop: time for the bot to resolve what they left (hedges, late fills, lookups) before it stops. */
const SETTLE_MS = 15_000;
const RSS_EVERY_MS = 2_000;
const RSS_WARMUP_S = 60;
const RSS_JUDGE_MINUTES = 5;
const log = (text) => process.stderr.write(`soak: ${text}\n`);

/** Games far enough ahead that none starts during the soak (the bot does not trade started games). */
function scenario() {
  return {
    name: "soak",
    seed: seed % 100_000,
    startMs: Date.UTC(2026, 10, 25, 17),
    games: { count: 6, leagues: ["NBA", "NHL", "MLB", "NFL"], firstStartMs: (minutes + 60) * 60_000, spacingMs: 3_600_000 },
    polymarket: { trapGames: 1 },
  };
}

/** Kalshi markets of the pairs the bot trades: a non-trap market whose Kalshi-YES twin is the first outcome. */
async function tradedTickers(admin) {
  const r = await adminCall(admin, "GET", "/markets");
  return r.body.games.flatMap((g) => g.kalshi.markets.filter((m) => m.polymarket?.polarity === "same" && !m.polymarket.trap).map((m) => m.ticker));
}

/** Accounts the soak owns at the simulator: the bot gets their keys as files, like a venue's (mode 600). */
async function openAccounts(admin, dir) {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const polyKey = `0x${randomBytes(32).toString("hex")}`;
  const kalshi = await adminCall(admin, "POST", "/kalshi/accounts", {
    publicKeyPem: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(),
    balanceMicros: BALANCE_MICROS,
  });
  const poly = await adminCall(admin, "POST", "/polymarket/accounts", { privateKey: polyKey, balanceMicros: BALANCE_MICROS });
  if (!kalshi.ok || !poly.ok) throw new Error(`accounts refused: ${JSON.stringify(kalshi.body)} ${JSON.stringify(poly.body)}`);
  const kalshiPath = join(dir, "kalshi.pem");
  const polyPath = join(dir, "polymarket.key");
  writeFileSync(kalshiPath, rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  writeFileSync(polyPath, polyKey, { mode: 0o600 });
  return {
    kalshiId: kalshi.body.accountId,
    polyAddress: poly.body.address,
    env: { ARB_KALSHI_KEY_ID: kalshi.body.keyId, ARB_KALSHI_PRIVATE_KEY_PATH: kalshiPath, ARB_POLYMARKET_PRIVATE_KEY_PATH: polyPath },
  };
}

function rssMB(pid) {
  try {
    const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

const jsonl = (path) => {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").flatMap((l) => {
    try {
      return l === "" ? [] : [JSON.parse(l)];
    } catch {
      return []; // a line cut by a SIGKILL
    }
  });
};

/** The children alive now, for the time bound and signals to stop by pid. */
const children = { sim: undefined, bot: undefined };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "arb-soak-"));
  const runDir = join(dir, "run");
  const botTmp = join(dir, "bot-tmp");
  mkdirSync(botTmp);
  const random = seeded(seed);
  const scenarioPath = join(dir, "scenario.json");
  writeFileSync(scenarioPath, JSON.stringify(scenario()));
  log(`seed ${seed}, ${minutes} min, ${kills} kills, folder ${dir}`);

  let sim;
  let bot;
  let life = 0;
  const unexpectedExits = [];
  const deadStarts = [];
  // Every child's output, for the post-mortem of a failed soak (the folder is kept then).
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const rss = [];
  const botLines = [];
  const errorLines = [];
  let killedOnPurpose = false;
  let breakerResets = 0;
  let sigkills = 0;
  let ok = false;
  const { Ledger } = await import(join(root, "packages/execution/dist/index.js"));
  try {
    const s = await startSimulator(scenarioPath, dir);
    sim = s.sim;
    children.sim = sim;
    sim.child.stderr.pipe(createWriteStream(join(logs, "simulator.log")));
    const admin = s.urls.admin;
    const tickers = await tradedTickers(admin);
    const accounts = await openAccounts(admin, dir);
    const chaosEnv = botEnv(s.urls, botTmp, {
      ...accounts.env,
      ARB_DASHBOARD__WEB__PORT: "0",
      ARB_EXECUTION__BREAKER__MAX_DAILY_LOSS_MICROS: String(lossLimitMicros),
      // A run of injected rejects trips the breaker on errors: let it cool down in seconds, not minutes.
      ARB_EXECUTION__BREAKER__COOLDOWN_MS: "10000",
      // Thousands of small arbs over a long soak: the position and exposure totals must not be what stops it.
      ARB_EXECUTION__BREAKER__MAX_POSITION_TOTAL_MICROS: "500000000000",
      ARB_EXECUTION__RISK__MAX_EXPOSURE_TOTAL_MICROS: "500000000000",
      ARB_EXECUTION__RISK__MAX_EXPOSURE_EVENT_MICROS: "100000000000",
      ARB_EXECUTION__RISK__MAX_EXPOSURE_MARKET_MICROS: "50000000000",
    });
    // The steady phase measures memory over one long life: a loss trip there would leave the bot idle till the end.
    const steadyEnv = { ...chaosEnv, ARB_EXECUTION__BREAKER__MAX_DAILY_LOSS_MICROS: String(Number.MAX_SAFE_INTEGER) };
    let env = chaosEnv;
    const ledgerPath = join(runDir, "ledger.sqlite");

    /**
     * Starts a bot life and waits until it trades (dashboard up, books flowing). A life that sees no book within
     * READY_TIMEOUT_MS is recorded, killed and replaced; MAX_DEAD_STARTS in a row end the soak.
     */
    async function startBot() {
      for (let dead = 1; ; dead++) {
        try {
          await startLife();
          return;
        } catch (err) {
          deadStarts.push(`life ${life}: ${err.message}`);
          log(`life ${life} did not come up (${err.message}): replaced`);
          if (dead >= MAX_DEAD_STARTS) throw new Error(`${MAX_DEAD_STARTS} lives in a row never saw a book`);
          killedOnPurpose = true;
          bot.child.kill("SIGKILL");
          await bot.exited;
          resetBreakerIfTripped();
        }
      }
    }

    async function startLife() {
      life++;
      killedOnPurpose = false;
      let webUrl;
      const myLife = life;
      const out = createWriteStream(join(logs, `bot-${myLife}.log`));
      const records = logRecords((r, line) => {
        if (r.msg === "web dashboard listening") webUrl = r.url;
        if (r.level >= 50) errorLines.push(`life ${myLife}: ${line.slice(0, 300)}`);
      });
      bot = start("bot", [...startScriptFlags(), BOT_CLI, "start", "--run-dir", runDir], env, dir, (l) => {
        out.write(`${l}\n`);
        botLines.push(l);
        if (botLines.length > 400) botLines.shift();
        records(l);
      });
      children.bot = bot;
      bot.child.stderr.on("data", (c) => out.write(c));
      bot.exited.then(() => out.end());
      const mine = bot;
      mine.exited.then(({ code, signal }) => {
        if (mine === bot && !killedOnPurpose)
          unexpectedExits.push(`life ${myLife} exited ${code ?? signal}: ${mine.stderr().slice(-400) || botLines.slice(-3).join(" | ")}`);
      });
      const dashboard = await waitFor("the bot's web dashboard", () => webUrl, READY_TIMEOUT_MS, bot);
      await waitFor("book updates", async () => ((await metricsOf(dashboard))?.arb_book_updates_total ?? 0) > 0, READY_TIMEOUT_MS, bot);
    }

    /** A person's `bot reset-breaker`, done while the bot is down: a loss trip waits for one, and the soak goes on. */
    function resetBreakerIfTripped() {
      const ledger = new Ledger({ path: ledgerPath });
      try {
        const last = ledger.breakerEvents().at(-1);
        if (last?.kind !== "breaker.tripped") return;
        ledger.apply([{ kind: "breaker", effect: { kind: "breaker.reset", cause: "manual", atMs: Date.now() } }]);
        breakerResets++;
        log(`breaker was tripped (${last.reason}: ${last.detail}): reset by hand`);
      } finally {
        ledger.close();
      }
    }

    await startBot();
    const t0 = Date.now();
    const endMs = t0 + minutes * 60_000;
    const steadyAt = t0 + ((minutes * 2) / 3) * 60_000;
    const killAt = Array.from({ length: kills }, () => t0 + 10_000 + random.next() * Math.max(0, steadyAt - t0 - 20_000)).sort((a, b) => a - b);
    let chaosLosses;
    const chaos = createChaos({ admin, tickers, random });
    const sampler = setInterval(() => {
      const mb = bot?.child.exitCode === null ? rssMB(bot.child.pid) : undefined;
      if (mb !== undefined) rss.push({ life, tMs: Date.now(), rssMB: mb });
    }, RSS_EVERY_MS);
    let lastReport = t0;
    try {
      while (Date.now() < endMs) {
        if (sim.child.exitCode !== null) throw new Error(`the simulator exited:\n${sim.stderr()}`);
        const steady = chaosLosses === undefined && Date.now() >= steadyAt;
        if ((killAt.length > 0 && Date.now() >= killAt[0]) || steady) {
          if (!steady) killAt.shift();
          // Half the kills land while an arb is being worked: right after a window opens.
          if (random.next() < 0.5) {
            await chaos.window();
            await sleep(random.int(0, 150));
          }
          killedOnPurpose = true;
          bot.child.kill("SIGKILL");
          sigkills++;
          await bot.exited;
          log(`life ${life} SIGKILLed at ${Math.round((Date.now() - t0) / 1_000)} s${steady ? ": the steady phase begins" : ""}`);
          if (steady) {
            // The chaos phase's losses are judged against the limit it ran with.
            const ledger = new Ledger({ path: ledgerPath });
            try {
              chaosLosses = ledger.dailyPnl();
            } finally {
              ledger.close();
            }
            env = steadyEnv;
          }
          resetBreakerIfTripped();
          await startBot();
          continue;
        }
        if (bot.child.exitCode !== null) {
          // A crash (recorded by its exit handler): the next life goes on so the soak still ends with a verdict.
          resetBreakerIfTripped();
          await startBot();
          continue;
        }
        await chaos.step().catch((e) => log(`chaos step failed: ${e.message}`));
        await sleep(random.int(stepMs / 2, (stepMs * 3) / 2));
        if (Date.now() - lastReport >= 60_000) {
          lastReport = Date.now();
          log(`${Math.round((lastReport - t0) / 60_000)} min: ${chaos.windows()} windows, life ${life}, RSS ${rss.at(-1)?.rssMB ?? "?"} MB`);
        }
      }
    } finally {
      clearInterval(sampler);
      await chaos.restore().catch((e) => log(`restoring the knobs failed: ${e.message}`));
    }
    log(`faults stopped; ${SETTLE_MS / 1_000} s for the bot to resolve what they left`);
    await sleep(SETTLE_MS);
    killedOnPurpose = true;
    bot.child.kill("SIGTERM");
    const exit = await Promise.race([bot.exited, sleep(60_000).then(() => undefined)]);
    if (exit === undefined || exit.code !== 0)
      unexpectedExits.push(
        `the final SIGTERM: ${exit === undefined ? "no exit within 60 s" : `exited ${exit.code ?? exit.signal}`} ${bot.stderr().slice(-400)}`,
      );

    const [kalshi, polymarket, markets] = await Promise.all([
      adminCall(admin, "GET", `/accounts/${accounts.kalshiId}`),
      adminCall(admin, "GET", `/polymarket/accounts/${accounts.polyAddress}`),
      adminCall(admin, "GET", "/markets"),
    ]);
    const events = jsonl(join(runDir, "events.jsonl"));
    const ledger = new Ledger({ path: ledgerPath });
    let verdict;
    let figures;
    try {
      const lives = rssSlopes(rss, RSS_WARMUP_S);
      verdict = judge({
        ledger,
        kalshi: kalshi.body,
        polymarket: polymarket.body,
        markets: markets.body,
        events,
        unexpectedExits,
        deadStarts,
        simulatorAlive: sim.child.exitCode === null,
        lossLimitMicros,
        chaosLosses: chaosLosses ?? ledger.dailyPnl(),
        rss: { lives, maxMbPerMin: maxRssSlope, judgeMinutes: RSS_JUDGE_MINUTES },
      });
      const count = (kind) => events.filter((e) => e.kind === kind).length;
      const orders = ledger.orders();
      figures = {
        seed,
        minutes,
        lives: life,
        kills: sigkills,
        breakerResetsByHand: breakerResets,
        windowsInjected: chaos.windows(),
        windowsRefused: chaos.refused.window ?? 0,
        faults: chaos.counts,
        arbs: ledger.arbs().length,
        arbsStarted: count("arb.started"),
        orders: orders.length,
        ordersRejected: orders.filter((o) => o.status === "rejected").length,
        ordersExpired: orders.filter((o) => o.status === "expired").length,
        fills: ledger.fills().length,
        fillsReversed: count("fill.reversed"),
        legsUnhedged: count("leg.unhedged"),
        exposuresResolving: count("exposure.resolving"),
        exposuresResidual: count("exposure.residual"),
        reconcileDiffered: count("reconcile.differed"),
        errorLogLines: errorLines.length,
        rss: lives,
      };
    } finally {
      ledger.close();
    }
    printReport(figures, verdict);
    if (errorLines.length > 0) log(`error log lines (first 5):\n  ${errorLines.slice(0, 5).join("\n  ")}`);
    if (opt.json !== undefined) writeFileSync(opt.json, `${JSON.stringify({ figures, verdict }, null, 2)}\n`);
    ok = verdict.every((c) => c.ok);
  } finally {
    killedOnPurpose = true;
    await stop(bot);
    await stop(sim);
    if (opt.keep || !ok) log(`folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}

function printReport(f, verdict) {
  const lines = [
    `soak: ${f.minutes} min, seed ${f.seed}: ${f.lives} bot lives (${f.kills} SIGKILLs), ${f.windowsInjected} windows injected (${f.windowsRefused} refused)`,
    `  faults: ${Object.entries(f.faults)
      .filter(([k]) => k !== "window")
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
    `  arbs ${f.arbs}, orders ${f.orders} (rejected ${f.ordersRejected}, expired ${f.ordersExpired}), fills ${f.fills} (reversed ${f.fillsReversed}), legs unhedged ${f.legsUnhedged}, resolving ${f.exposuresResolving}, residual alerts ${f.exposuresResidual}, reconcile differences ${f.reconcileDiffered}, breaker reset by hand ${f.breakerResetsByHand}, error log lines ${f.errorLogLines}`,
    ...verdict.map((c) => `  ${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Stops both children by pid, at once, and exits 1: the time bound or a signal to the soak itself. */
function abort(why) {
  log(`${why}: stopping the simulator and the bot`);
  for (const p of [children.bot, children.sim]) if (p !== undefined && p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  process.exit(1);
}
// The whole soak is bounded: past its minutes plus start-up, settling and checks, it is stopped and fails.
setTimeout(() => abort("over its time bound"), (minutes + 10) * 60_000).unref();
process.once("SIGINT", () => abort("SIGINT"));
process.once("SIGTERM", () => abort("SIGTERM"));
main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    log(`failed: ${err.stack ?? err}`);
    process.exit(1);
  },
);
