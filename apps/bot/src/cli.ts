#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { type Holdings, Ledger, gameMetrics, gamesOf, unmappedMetrics } from "@arb/execution";
import { type Logger, pino } from "pino";
import { ConfigError, loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { SecretError, describeSecrets, missingAlertCredentials, missingLiveCredentials, readSecrets } from "./config/secrets.js";
import { resolveUrls } from "./config/urls.js";
import { money, size } from "./dashboard/terminal/format.js";
import { discover } from "./discovery/discover.js";
import { LeagueDataError } from "./discovery/leagues.js";
import { renderReplay, replayEventLog } from "./run/replay.js";
import { RunFolderError, createRunFolder, latestRunFolder, prepareSimulatorRoot, simulatorRoot } from "./run/run-folder.js";
import { runStart } from "./run/start.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REDACT_PATHS } from "@arb/venues";

/** Exit codes: 0 ok, 1 runtime failure, 2 bad configuration or refused start. */
const EXIT_CONFIG = 2;

const seconds = (v: string): number => {
  const n = Number(v.replace(/s$/, ""));
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("a positive number of seconds, e.g. 20 or 20s");
  return Math.round(n * 1_000);
};

interface Common {
  config?: string;
  logLevel?: string;
}

function logger(level: string, toFile: string | undefined): Logger {
  const opts = { level, redact: { paths: [...REDACT_PATHS, "secrets", "*.privateKeyPem", "token", "*.token", "webhookUrl", "*.webhookUrl", "*.*.webhookUrl", "telegramBotToken", "*.telegramBotToken", "*.*.telegramBotToken"], censor: "[redacted]" } };
  return toFile === undefined ? pino(opts) : pino(opts, pino.destination({ dest: toFile, sync: false, mkdir: true }));
}

function configFrom(o: Common & { paper?: boolean; live?: boolean; dryRun?: boolean; scenario?: string; web?: boolean; webPort?: number }): Config {
  const env = { ...process.env };
  if (o.paper === true) env["ARB_MODE"] = "paper";
  if (o.live === true) env["ARB_MODE"] = "live";
  if (o.dryRun === true) env["ARB_DRY_RUN"] = "true";
  if (o.scenario !== undefined) env["ARB_SCENARIO"] = o.scenario;
  if (o.web === false) env["ARB_DASHBOARD__WEB__ENABLED"] = "false";
  if (o.webPort !== undefined) env["ARB_DASHBOARD__WEB__PORT"] = String(o.webPort);
  if (o.logLevel !== undefined) env["ARB_LOG_LEVEL"] = o.logLevel;
  return loadConfig(o.config ?? process.env["ARB_CONFIG"], env);
}

function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof SecretError || err instanceof LeagueDataError || err instanceof RunFolderError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

/** This mode's ledger: a simulator run's is in the latest run folder. */
function ledgerPathOf(c: Config): string {
  if (c.mode !== "simulator") return c.ledgerPath;
  const root = simulatorRoot(tmpdir());
  const run = latestRunFolder(root);
  if (run === undefined) throw new ConfigError([`no simulator run in ${root} yet: run \`bot start\` first`]);
  return join(run, "ledger.sqlite");
}

/** Opens this mode's ledger for one CLI command and closes it after; a missing ledger is a clear error. */
function withLedger<T>(o: Common, use: (ledger: Ledger) => T, missing = ""): T {
  const path = ledgerPathOf(configFrom(o));
  if (!existsSync(path)) throw new ConfigError([`no ledger at ${path}${missing}`]);
  const ledger = new Ledger({ path });
  try {
    return use(ledger);
  } finally {
    ledger.close();
  }
}

export function buildCli(): Command {
  const program = new Command("bot")
    .description("Kalshi × Polymarket sports arbitrage bot. With no options it runs on the embedded venue simulator.")
    .showHelpAfterError()
    .addOption(new Option("-c, --config <file>", "config file (JSON or YAML); ARB_* environment variables override it"))
    .addOption(new Option("--log-level <level>", "pino level").choices(["fatal", "error", "warn", "info", "debug", "trace", "silent"]));

  program
    .command("start")
    .description("discover pairs and trade them, with the terminal dashboard (a TTY) or structured logs, and the web dashboard")
    .option("--paper", "live market data from the real venues, fills simulated by the paper venue")
    .option("--live", "real orders with real money (needs complete credentials and --confirm-live)")
    .option("--confirm-live", "confirms --live: you accept that real orders will be sent")
    .option("--dry-run", "detect and log the orders it would send; send none")
    .option("--duration <seconds>", "stop after this long (bounded runs, CI)", seconds)
    .option("--scenario <file>", "simulator scenario file (simulator mode)")
    .option("--no-web", "no web dashboard")
    .option("--web-port <port>", "web dashboard port (0 = any free port)", (v) => Number(v))
    .action(async (opts: { paper?: boolean; live?: boolean; confirmLive?: boolean; dryRun?: boolean; duration?: number; scenario?: string; web?: boolean; webPort?: number }) => {
      try {
        const common = program.opts<Common>();
        if (opts.paper === true && opts.live === true) throw new ConfigError(["--paper and --live exclude each other"]);
        const config = configFrom({ ...common, ...opts });
        const secrets = readSecrets({ env: process.env, kalshiKeyId: config.venues.kalshi.keyId, kalshiKeyPath: config.venues.kalshi.privateKeyPath, polymarketKeyPath: config.venues.polymarket.privateKeyPath });
        if (config.mode === "live") {
          const missing = missingLiveCredentials(secrets);
          if (missing.length > 0) throw new ConfigError(["--live refused: credentials incomplete or invalid", ...missing]);
          if (opts.confirmLive !== true) throw new ConfigError(["--live refused: add --confirm-live to confirm that real orders with real money will be sent"]);
        }
        if (config.mode === "paper" && secrets.kalshi === undefined) throw new ConfigError(["--paper needs a Kalshi API key for market data (ARB_KALSHI_KEY_ID, ARB_KALSHI_PRIVATE_KEY_PATH); no orders are sent"]);
        const alertsMissing = missingAlertCredentials(config.alerts, secrets);
        if (alertsMissing.length > 0) throw new ConfigError(alertsMissing);
        const tty = process.stdout.isTTY === true;
        // A simulator run writes into a new folder of its own, and everything it writes is its owner's only.
        if (config.mode === "simulator") process.umask(0o077);
        const runDir = config.mode === "simulator" ? createRunFolder(prepareSimulatorRoot(tmpdir()), Date.now(), process.pid) : undefined;
        // A TTY shows the dashboard, so the log goes to a file: the run's, or the simulator root's in paper and live.
        const log = logger(config.logLevel, tty ? join(runDir ?? prepareSimulatorRoot(tmpdir()), "bot.log") : undefined);
        log.info({ secrets: describeSecrets(secrets) }, "credentials");
        if (runDir !== undefined) log.info({ event: "run.folder", runDir }, "simulator run folder");
        const summary = await runStart({ config, secrets, logger: log, out: process.stdout, tty, ...(opts.duration !== undefined && { durationMs: opts.duration }), ...(runDir !== undefined && { workDir: runDir }) });
        log.flush();
        if (summary.unmatchedExposureMicros > 0) process.stderr.write("warning: unmatched exposure remains; see `bot alerts` and `bot positions`\n");
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("discover")
    .description("match Kalshi and Polymarket listings and review the pairs; decisions go to the mapping file")
    .option("--non-interactive", "accept only safe pairs at or above --min-confidence, no questions")
    .option("--min-confidence <score>", "0..1", (v) => Number(v))
    .option("--include-spreads-totals-props", "also list spreads, totals and props (review only)")
    .action(async (opts: { nonInteractive?: boolean; minConfidence?: number; includeSpreadsTotalsProps?: boolean }) => {
      try {
        const config = configFrom(program.opts<Common>());
        const c: Config = {
          ...config,
          discovery: { ...config.discovery, ...(opts.minConfidence !== undefined && { minConfidence: opts.minConfidence }), ...(opts.includeSpreadsTotalsProps === true && { includeSpreadsTotalsProps: true }) },
        };
        if (c.mode === "simulator") throw new ConfigError(["discover reads the real venues: give --config with mode paper or live (the simulator discovers at each start)"]);
        const urls = resolveUrls(c);
        const out = await discover({ config: c, kalshiRestUrl: urls.kalshi.rest, gammaUrl: urls.polymarket.gamma, interactive: opts.nonInteractive !== true, mappingPath: c.discovery.mappingFile, logger: logger(c.logLevel, undefined), now: Date.now });
        process.stdout.write(`${out.candidates.length} candidates: ${out.accepted.length} accepted, ${out.rejected} rejected, ${out.pending} pending → ${c.discovery.mappingFile}\n`);
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("positions")
    .description("holdings by venue market from the ledger, and each game's guaranteed P&L")
    .action(() => {
      try {
        const { rows, pairs } = withLedger(program.opts<Common>(), (ledger) => ({ rows: ledger.holdings(), pairs: ledger.pairSpecs() }), ": the bot has not traded in this mode yet");
        const holdings: Holdings = new Map(rows.map((r) => [`${r.venue}:${r.market}:${r.side}`, r]));
        for (const r of rows) process.stdout.write(`${r.venue.padEnd(10)} ${r.market} ${r.side.toUpperCase().padEnd(3)} ${size(r.contractsHundredths)} cost ${money(r.costMicros + r.feesMicros)}\n`);
        // By game, with the pairs the last run traded: each game at its worst outcome, anything else at what it pays for sure.
        const { games, gameOf } = gamesOf(pairs);
        let total = 0;
        for (const g of games.values()) {
          const m = gameMetrics(holdings, g);
          if (m.costMicros === 0) continue;
          total += m.guaranteedMicros;
          process.stdout.write(`game ${g.eventId}: cost ${money(m.costMicros)} guaranteed ${money(m.guaranteedMicros)} exposure ${money(m.exposureMicros)}\n`);
        }
        const rest = unmappedMetrics(holdings, gameOf);
        if (rest.costMicros > 0) process.stdout.write(`markets no pair names: cost ${money(rest.costMicros)} guaranteed ${money(rest.guaranteedMicros)}\n`);
        process.stdout.write(`${rows.length} holdings, guaranteed P&L ${money(total + rest.guaranteedMicros)}\n`);
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("alerts")
    .description("alerts recorded in the ledger (one-sided fills, residual exposure, breaker trips, stuck orders)")
    .action(() => {
      try {
        const alerts = withLedger(program.opts<Common>(), (ledger) => ledger.alerts());
        for (const a of alerts) process.stdout.write(`${new Date(a.tsMs).toISOString()} ${a.severity.toUpperCase()} ${a.kind} ${a.message} exposure ${money(a.exposureMicros)}\n`);
        process.stdout.write(`${alerts.length} alerts\n`);
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("reset-breaker")
    .description("record a manual reset of the circuit breaker in the ledger; the next start trades again")
    .action(() => {
      try {
        withLedger(program.opts<Common>(), (ledger) => ledger.apply([{ kind: "breaker", effect: { kind: "breaker.reset", cause: "manual", atMs: Date.now() } }]));
        process.stdout.write("breaker reset recorded\n");
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("replay")
    .description("fold an execution event log (JSONL) back into the session's figures")
    .argument("<event-log>", "JSONL written by `bot start` (eventLogPath; a simulator run: events.jsonl in its run folder)")
    .action((file: string) => {
      try {
        if (!existsSync(file)) throw new ConfigError([`${file}: no such event log`]);
        process.stdout.write(`${renderReplay(replayEventLog(readFileSync(file, "utf8")))}\n`);
      } catch (err) {
        fail(err);
      }
    });
  return program;
}

await buildCli().parseAsync(process.argv);
