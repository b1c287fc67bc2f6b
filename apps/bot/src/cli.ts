#!/usr/bin/env node
import { existsSync, readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { type Holdings, Ledger, gameMetrics, gamesOf, unmappedMetrics } from "@arb/execution";
import { ConfigError, loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { SecretError, describeSecrets, missingAlertCredentials, missingLiveCredentials, readSecrets } from "./config/secrets.js";
import { insecureVenueUrls } from "./config/transport.js";
import { resolveUrls } from "./config/urls.js";
import { money, size } from "./dashboard/terminal/format.js";
import { WebTokenError, checkWebAccess } from "./dashboard/web/access.js";
import { WebBindError } from "./dashboard/web/server.js";
import { discover } from "./discovery/discover.js";
import { LeagueDataError } from "./discovery/leagues.js";
import { botLogger as logger } from "./logger.js";
import { ExportError, runExport, tablesOf } from "./run/export.js";
import { renderReplay, renderTapeReplay, replayEventLog, replayTapeFile } from "./run/replay.js";
import { RunFolderError, createRunFolder, latestRunFolder, prepareSimulatorRoot, simulatorRoot, useRunFolder } from "./run/run-folder.js";
import { runStart } from "./run/start.js";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

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

/** A scenario the simulator refused (`@arb/venue-sim` ScenarioError, matched by its code: importing the class would
 *  load the simulator in paper and live runs too), as one line. */
function scenarioProblem(err: unknown): string | undefined {
  const e = err as { code?: unknown; source?: unknown; issues?: unknown };
  if (e === null || typeof e !== "object" || e.code !== "SCENARIO_INVALID" || !Array.isArray(e.issues)) return undefined;
  return `invalid scenario ${String(e.source)}: ${e.issues.map(String).join("; ")}`;
}

function fail(err: unknown): never {
  if (
    err instanceof ConfigError ||
    err instanceof SecretError ||
    err instanceof LeagueDataError ||
    err instanceof RunFolderError ||
    err instanceof WebTokenError ||
    err instanceof WebBindError ||
    err instanceof ExportError
  ) {
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  const scenario = scenarioProblem(err);
  if (scenario !== undefined) {
    process.stderr.write(`${scenario}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

/** This mode's ledger: a simulator run's is in the run folder named (`--run-dir`), else the latest. */
function ledgerPathOf(c: Config, runDir: string | undefined): string {
  if (runDir !== undefined && c.mode !== "simulator")
    throw new ConfigError([`--run-dir is for simulator runs; ${c.mode} keeps its ledger where ledgerPath says`]);
  if (c.mode !== "simulator") return c.ledgerPath;
  if (runDir !== undefined) return join(resolve(runDir), "ledger.sqlite");
  const root = simulatorRoot(tmpdir());
  const run = latestRunFolder(root);
  if (run === undefined) throw new ConfigError([`no simulator run in ${root} yet: run \`bot start\` first`]);
  return join(run, "ledger.sqlite");
}

/** Opens this mode's ledger for one CLI command and closes it after; a missing ledger is a clear error. */
function withLedger<T>(o: Common & { runDir?: string }, use: (ledger: Ledger) => T, missing = ""): T {
  const path = ledgerPathOf(configFrom(o), o.runDir);
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
    .option("--allow-insecure-venue <reason>", "paper / live: accept http:// and ws:// venue URLs (requests, orders and logins in clear); the reason is logged")
    .option("--duration <seconds>", "stop after this long (bounded runs, CI)", seconds)
    .option("--scenario <file>", "simulator scenario file (simulator mode)")
    .option(
      "--run-dir <dir>",
      "simulator mode: keep the run's files in <dir> (made owner-only) instead of a new run folder; an existing one is resumed, ledger included",
    )
    .option("--no-web", "no web dashboard")
    .option("--web-port <port>", "web dashboard port (0 = any free port)", (v) => Number(v))
    .option(
      "--record-tape [file]",
      "write the decision tape (`bot replay --tape`): to <file>, else tapePath, else tape.jsonl in the simulator run folder or arb-tape.jsonl",
    )
    .action(
      async (opts: {
        paper?: boolean;
        live?: boolean;
        confirmLive?: boolean;
        dryRun?: boolean;
        allowInsecureVenue?: string;
        duration?: number;
        scenario?: string;
        runDir?: string;
        web?: boolean;
        webPort?: number;
        recordTape?: boolean | string;
      }) => {
        try {
          const common = program.opts<Common>();
          if (opts.paper === true && opts.live === true) throw new ConfigError(["--paper and --live exclude each other"]);
          const config = configFrom({ ...common, ...opts });
          // Paper signs Kalshi requests and live sends orders: neither talks to a venue in clear unless told why.
          const insecure = config.mode === "simulator" ? [] : insecureVenueUrls(config);
          const reason = opts.allowInsecureVenue?.trim();
          if (reason === "") throw new ConfigError(["--allow-insecure-venue needs a reason"]);
          if (insecure.length > 0 && reason === undefined)
            throw new ConfigError([`${config.mode} refused: venue URLs without TLS (add --allow-insecure-venue <reason> to accept them)`, ...insecure]);
          const secrets = readSecrets({
            env: process.env,
            kalshiKeyId: config.venues.kalshi.keyId,
            kalshiKeyPath: config.venues.kalshi.privateKeyPath,
            polymarketKeyPath: config.venues.polymarket.privateKeyPath,
          });
          if (config.mode === "live") {
            const missing = missingLiveCredentials(secrets);
            if (missing.length > 0) throw new ConfigError(["--live refused: credentials incomplete or invalid", ...missing]);
            if (opts.confirmLive !== true)
              throw new ConfigError(["--live refused: add --confirm-live to confirm that real orders with real money will be sent"]);
          }
          if (config.mode === "paper" && secrets.kalshi === undefined)
            throw new ConfigError(["--paper needs a Kalshi API key for market data (ARB_KALSHI_KEY_ID, ARB_KALSHI_PRIVATE_KEY_PATH); no orders are sent"]);
          const alertsMissing = missingAlertCredentials(config.alerts, secrets);
          if (alertsMissing.length > 0) throw new ConfigError(alertsMissing);
          // Refused before a run folder is made for a run that will not happen (runStart checks it again for its callers).
          if (config.dashboard.web.enabled) checkWebAccess(config.dashboard.web.host, secrets.webToken);
          const tty = process.stdout.isTTY === true;
          if (opts.runDir !== undefined && config.mode !== "simulator")
            throw new ConfigError([
              `--run-dir is for simulator runs; ${config.mode} keeps its files where ledgerPath, eventLogPath and discovery.mappingFile say`,
            ]);
          const runDir =
            config.mode !== "simulator"
              ? undefined
              : opts.runDir !== undefined
                ? useRunFolder(opts.runDir)
                : createRunFolder(prepareSimulatorRoot(tmpdir()), Date.now(), process.pid);
          // A TTY shows the dashboard, so the log goes to a file: the run's, or the simulator root's in paper and live.
          const log = logger(config.logLevel, tty ? join(runDir ?? prepareSimulatorRoot(tmpdir()), "bot.log") : undefined);
          log.info({ secrets: describeSecrets(secrets) }, "credentials");
          if (insecure.length > 0) log.warn({ event: "venue.insecure", urls: insecure, reason }, `venue URLs without TLS accepted: ${reason}`);
          if (runDir !== undefined) log.info({ event: "run.folder", runDir }, "simulator run folder");
          // --record-tape without a file: tapePath, else the simulator run folder's tape.jsonl, else arb-tape.jsonl.
          const tapeDefault = config.tapePath ?? (runDir === undefined ? "arb-tape.jsonl" : join(runDir, "tape.jsonl"));
          const tapePath = typeof opts.recordTape === "string" ? opts.recordTape : opts.recordTape === true ? tapeDefault : config.tapePath;
          const summary = await runStart({
            config: tapePath === undefined ? config : { ...config, tapePath },
            secrets,
            logger: log,
            out: process.stdout,
            tty,
            ...(opts.duration !== undefined && { durationMs: opts.duration }),
            ...(runDir !== undefined && { workDir: runDir }),
          });
          log.flush();
          if (summary.unmatchedExposureMicros > 0) process.stderr.write("warning: unmatched exposure remains; see `bot alerts` and `bot positions`\n");
        } catch (err) {
          fail(err);
        }
      },
    );

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
          discovery: {
            ...config.discovery,
            ...(opts.minConfidence !== undefined && { minConfidence: opts.minConfidence }),
            ...(opts.includeSpreadsTotalsProps === true && { includeSpreadsTotalsProps: true }),
          },
        };
        if (c.mode === "simulator")
          throw new ConfigError(["discover reads the real venues: give --config with mode paper or live (the simulator discovers at each start)"]);
        const urls = resolveUrls(c);
        const out = await discover({
          config: c,
          kalshiRestUrl: urls.kalshi.rest,
          gammaUrl: urls.polymarket.gamma,
          interactive: opts.nonInteractive !== true,
          mappingPath: c.discovery.mappingFile,
          logger: logger(c.logLevel, undefined),
          now: Date.now,
        });
        process.stdout.write(
          `${out.candidates.length} candidates: ${out.accepted.length} accepted, ${out.rejected} rejected, ${out.pending} pending → ${c.discovery.mappingFile}\n`,
        );
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("positions")
    .description("holdings by venue market from the ledger, and each game's guaranteed P&L")
    .action(() => {
      try {
        const { rows, pairs } = withLedger(
          program.opts<Common>(),
          (ledger) => ({ rows: ledger.holdings(), pairs: ledger.pairSpecs() }),
          ": the bot has not traded in this mode yet",
        );
        const holdings: Holdings = new Map(rows.map((r) => [`${r.venue}:${r.market}:${r.side}`, r]));
        for (const r of rows)
          process.stdout.write(
            `${r.venue.padEnd(10)} ${r.market} ${r.side.toUpperCase().padEnd(3)} ${size(r.contractsHundredths)} cost ${money(r.costMicros + r.feesMicros)}\n`,
          );
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
        for (const a of alerts)
          process.stdout.write(`${new Date(a.tsMs).toISOString()} ${a.severity.toUpperCase()} ${a.kind} ${a.message} exposure ${money(a.exposureMicros)}\n`);
        process.stdout.write(`${alerts.length} alerts\n`);
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("export")
    .description("fills and arbs from the ledger as CSV (RFC 4180, amounts exact), for spreadsheets and tax records")
    .option("--csv", "CSV (the one format; required)")
    .option("--what <table>", "fills, arbs or both", "both")
    .option("--out <path>", "a folder: fills.csv and arbs.csv in it; a file: what stdout gets (owner-only); default stdout")
    .option("--run-dir <dir>", "simulator mode: the run folder to read instead of the latest run")
    .action((opts: { csv?: boolean; what: string; out?: string; runDir?: string }) => {
      try {
        const tables = tablesOf(opts);
        const written = withLedger(
          { ...program.opts<Common>(), ...(opts.runDir !== undefined && { runDir: opts.runDir }) },
          (ledger) => runExport(ledger, { tables, out: opts.out, stdout: process.stdout }),
          ": the bot has not traded in this mode yet",
        );
        for (const line of written) process.stdout.write(`${line}\n`);
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("reset-breaker")
    .description("record a manual reset of the circuit breaker in the ledger; the next start trades again")
    .action(() => {
      try {
        withLedger(program.opts<Common>(), (ledger) =>
          ledger.apply([{ kind: "breaker", effect: { kind: "breaker.reset", cause: "manual", atMs: Date.now() } }]),
        );
        process.stdout.write("breaker reset recorded\n");
      } catch (err) {
        fail(err);
      }
    });

  program
    .command("replay")
    .description(
      "fold an execution event log (JSONL) back into the session's figures, or with --tape re-run a decision tape through the engine: exit 0 when every decision is identical, 1 at the first divergence",
    )
    .argument("[event-log]", "JSONL written by `bot start` (eventLogPath; a simulator run: events.jsonl in its run folder)")
    .option("--tape <file>", "a decision tape written by `bot start --record-tape` (tapePath)")
    .action((file: string | undefined, opts: { tape?: string }) => {
      try {
        if (opts.tape !== undefined) {
          if (file !== undefined) throw new ConfigError(["replay takes an event log or --tape <file>, not both"]);
          if (!existsSync(opts.tape)) throw new ConfigError([`${opts.tape}: no such decision tape`]);
          const r = replayTapeFile(opts.tape);
          process.stdout.write(`${renderTapeReplay(r)}\n`);
          if (!r.ok) process.exitCode = 1;
          return;
        }
        if (file === undefined) throw new ConfigError(["replay needs an event log, or --tape <file>"]);
        if (!existsSync(file)) throw new ConfigError([`${file}: no such event log`]);
        process.stdout.write(`${renderReplay(replayEventLog(readFileSync(file, "utf8")))}\n`);
      } catch (err) {
        fail(err);
      }
    });
  return program;
}

// Everything the bot writes (ledger and its journal, event log, mapping file, run folders, log) reveals positions and
// trades: its owner's only, in every mode.
process.umask(0o077);
await buildCli().parseAsync(process.argv);
