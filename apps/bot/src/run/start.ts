import { existsSync } from "node:fs";
import { join } from "node:path";
import { ARB_TYPES } from "@arb/domain";
import type { Logger } from "pino";
import { ConfigError } from "../config/load.js";
import type { Secrets } from "../config/secrets.js";
import type { Config } from "../config/schema.js";
import { resolveUrls } from "../config/urls.js";
import { startTerminalDashboard } from "../dashboard/terminal/loop.js";
import { checkWebAccess } from "../dashboard/web/access.js";
import { type WebDashboard, startWebDashboard } from "../dashboard/web/server.js";
import { discover } from "../discovery/discover.js";
import type { MappingEntry } from "../discovery/mapping-file.js";
import { createMetrics } from "../metrics/registry.js";
import { EdgeHistory } from "../state/edge-history.js";
import type { Snapshot, World } from "../state/snapshot.js";
import { Series } from "../state/store.js";
import { dataFiles, makeOwnerOnly } from "./data-files.js";
import { type Session, startSession } from "./session.js";
import { type SimulatorWorld, attachSimulatorWorld, startSimulatorWorld } from "./simulator-world.js";
import { type SessionSummary, renderSummary, summarize } from "./summary.js";

export interface StartOptions {
  readonly config: Config;
  readonly secrets: Secrets;
  readonly logger: Logger;
  /** Stop by itself after this long (CI); otherwise on SIGINT / SIGTERM. */
  readonly durationMs?: number;
  readonly out: NodeJS.WriteStream;
  /** Draw the terminal dashboard (a TTY) or log structured status lines. */
  readonly tty: boolean;
  /** Resolves to stop the session early (tests). */
  readonly stop?: Promise<void>;
  /** Simulator mode: the run's own new folder (run-folder.ts), where it keeps its mapping, ledger and event log. */
  readonly workDir?: string;
  readonly onReady?: (info: { webUrl?: string; session: Session; simulator?: SimulatorWorld; pairs: readonly MappingEntry[] }) => void;
}

const WORLD: Readonly<Record<Config["mode"], World>> = { simulator: "SIMULATOR", paper: "PAPER", live: "LIVE" };

function bestEdge(s: Snapshot["pairs"][number]): number | null {
  let best: number | null = null;
  for (const t of ARB_TYPES) {
    const e = s.edgeUnits[t];
    if (e !== null && (best === null || e > best)) best = e;
  }
  return best;
}

/** `bot start`: world → discovery → session → dashboards → until the duration ends or a signal → summary. */
export async function runStart(o: StartOptions): Promise<SessionSummary> {
  const { config, logger } = o;
  const world = WORLD[config.mode];
  const startedMs = Date.now();
  let sim: SimulatorWorld | undefined;
  let session: Session | undefined;
  let web: WebDashboard | undefined;
  let terminal: { stop(): void } | undefined;
  const timers: NodeJS.Timeout[] = [];
  let onSignal: ((sig: string) => void) | undefined;
  // Refused before anything starts: a dashboard open to others must not come up after the session already trades.
  if (config.dashboard.web.enabled) checkWebAccess(config.dashboard.web.host, o.secrets.webToken);
  logger.info({ event: "world.selected", world, dryRun: config.dryRun }, `${world}${config.dryRun ? " (dry run)" : ""}`);
  try {
    // Attached to a simulator with both venues' credentials given: the operator's own accounts there (made over its
    // admin API), the same at every start, so a restarted bot resumes its ledger against them.
    const ownAccounts = config.simulatorAdminUrl !== undefined && o.secrets.kalshi !== undefined && o.secrets.polymarket !== undefined;
    const dir = world === "SIMULATOR" ? o.workDir : undefined;
    if (world === "SIMULATOR" && dir === undefined) throw new Error("a simulator run needs its run folder (workDir)");
    if (dir !== undefined && !ownAccounts && existsSync(join(dir, "ledger.sqlite"))) {
      throw new ConfigError([
        `${dir} holds a ledger: resuming it needs the accounts it traded with (attach with simulatorAdminUrl and ARB_KALSHI_KEY_ID, ARB_KALSHI_PRIVATE_KEY_PATH, ARB_POLYMARKET_PRIVATE_KEY_PATH)`,
      ]);
    }
    if (world === "SIMULATOR") {
      if (config.simulatorAdminUrl === undefined) {
        sim = await startSimulatorWorld({
          ...(config.scenario !== undefined && { scenario: config.scenario }),
          balanceMicros: config.trading.simulatorBalanceMicros,
        });
        logger.info({ event: "simulator.started" }, "embedded venue simulator started");
      } else if (ownAccounts) {
        logger.info(
          { event: "simulator.attached", admin: config.simulatorAdminUrl, accounts: "own" },
          "attached to a running venue simulator with the configured accounts",
        );
      } else {
        sim = await attachSimulatorWorld({
          adminUrl: config.simulatorAdminUrl,
          urls: resolveUrls(config),
          balanceMicros: config.trading.simulatorBalanceMicros,
        });
        logger.info({ event: "simulator.attached", admin: config.simulatorAdminUrl, accounts: "throwaway" }, "attached to a running venue simulator");
      }
    }
    const urls = sim?.urls ?? resolveUrls(config);
    // The simulator's throwaway accounts replace the venue credentials only; the operator's own (web token, alert
    // webhook token) still apply.
    const secrets = sim === undefined ? o.secrets : { ...o.secrets, ...sim.secrets };
    const mappingPath = dir === undefined ? config.discovery.mappingFile : join(dir, "pairs.json");
    const ledgerPath = dir === undefined ? config.ledgerPath : join(dir, "ledger.sqlite");
    const eventLogPath = config.eventLogPath ?? (dir === undefined ? undefined : join(dir, "events.jsonl"));
    const tapePath = config.dryRun ? undefined : config.tapePath;
    const tightened = makeOwnerOnly([...dataFiles({ ledgerPath, eventLogPath, mappingPath }), ...(tapePath === undefined ? [] : [tapePath])]);
    if (tightened.length > 0) logger.warn({ event: "files.owner-only", files: tightened }, "data files readable by others made owner-only (chmod 600)");
    const found = await discover({
      config,
      kalshiRestUrl: urls.kalshi.rest,
      gammaUrl: urls.polymarket.gamma,
      interactive: false,
      mappingPath,
      logger,
      now: Date.now,
    });
    logger.info(
      {
        event: "discovery.finished",
        candidates: found.candidates.length,
        accepted: found.accepted.length,
        rejected: found.rejected,
        pending: found.pending,
        mappingFile: mappingPath,
      },
      `discovered ${found.candidates.length} pairs: ${found.accepted.length} accepted, ${found.rejected} rejected, ${found.pending} awaiting review`,
    );
    const metrics = createMetrics();
    session = await startSession({
      config,
      world,
      urls,
      secrets,
      pairs: found.accepted,
      logger,
      metrics,
      ledgerPath,
      ...(eventLogPath !== undefined && { eventLogPath }),
      ...(tapePath !== undefined && { tapePath }),
    });
    const s = session;
    const pnl = new Series();
    const gross = new Series();
    const unmatched = new Series();
    const edges = new EdgeHistory();
    let last = s.snapshot();
    timers.push(
      setInterval(() => {
        last = s.snapshot();
        pnl.push(last.nowMs, last.guaranteedPnlMicros);
        gross.push(last.nowMs, last.grossExposureMicros);
        unmatched.push(last.nowMs, last.unmatchedExposureMicros);
        edges.sample(last.nowMs);
        for (const p of last.pairs) {
          const e = bestEdge(p);
          if (e !== null) edges.set(p.pair, e);
        }
        metrics.guaranteedPnl.set(last.guaranteedPnlMicros);
        metrics.unmatchedExposure.set(last.unmatchedExposureMicros);
        metrics.breakerOpen.set(last.breaker.state === "closed" ? 0 : 1);
      }, 1_000),
    );
    const message = () => {
      const snap = s.snapshot();
      const top = [...snap.pairs].sort((a, b) => (bestEdge(b) ?? -1e9) - (bestEdge(a) ?? -1e9)).slice(0, 40);
      const plotted = top.slice(0, 8).map((p) => ({ label: p.label, points: edges.points(p.pair) }));
      return {
        snapshot: { ...snap, pairs: top, alerts: snap.alerts.slice(-20) },
        series: { edges: plotted, latency: s.store.tickToOrder.buckets(), pnl: pnl.points(), gross: gross.points(), unmatched: unmatched.points() },
      };
    };
    if (config.dashboard.web.enabled) {
      try {
        const w = config.dashboard.web;
        web = await startWebDashboard({
          host: w.host,
          port: w.port,
          publicNames: w.publicNames,
          ...(secrets.webToken !== undefined && { token: secrets.webToken }),
          message,
          pushMs: 500,
          metrics,
          logger,
        });
      } catch (err) {
        // A busy port must not stop trading; anything else (an address that does not resolve, say) must.
        if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
        logger.warn(
          { event: "web.unavailable", port: config.dashboard.web.port },
          `web dashboard not started: port ${config.dashboard.web.port} is in use (set --web-port)`,
        );
      }
    }
    o.onReady?.({ ...(web !== undefined && { webUrl: web.url }), session: s, ...(sim !== undefined && { simulator: sim }), pairs: found.accepted });
    if (o.tty) terminal = startTerminalDashboard({ out: o.out, snapshot: s.snapshot, refreshMs: config.dashboard.refreshMs });
    else {
      timers.push(
        setInterval(() => {
          const x = summarize(s.snapshot());
          logger.info({ event: "session.status", ...x }, "status");
        }, 5_000),
      );
    }
    await new Promise<void>((resolve) => {
      onSignal = (sig: string) => {
        logger.info({ event: "shutdown.requested", signal: sig }, "shutting down: no new entries, cancelling open orders");
        resolve();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      if (o.durationMs !== undefined) timers.push(setTimeout(resolve, o.durationMs));
      o.stop?.then(resolve);
    });
    for (const t of timers) clearInterval(t);
    terminal?.stop();
    terminal = undefined;
    const final = await s.shutdown();
    const summary = summarize(final);
    logger.info({ event: "session.summary", ...summary, ...(dir !== undefined && { runDir: dir }) }, "session summary");
    o.out.write(`${renderSummary(summary)}\n`);
    if (dir !== undefined) o.out.write(`run folder: ${dir} (ledger, events.jsonl, pairs.json; \`bot positions\` and \`bot alerts\` read the latest run)\n`);
    if (tapePath !== undefined) o.out.write(`decision tape: ${tapePath} (\`bot replay --tape ${tapePath}\` re-runs every decision)\n`);
    return summary;
  } finally {
    for (const t of timers) clearInterval(t);
    terminal?.stop();
    await web?.close();
    await session?.shutdown();
    await sim?.close();
    if (onSignal !== undefined) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    logger.debug({ tookMs: Date.now() - startedMs }, "session closed");
  }
}
