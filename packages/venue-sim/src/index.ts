import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import pino, { type Logger } from "pino";
import { type SimControl, createControl } from "./admin/control.js";
import { createAdminServer } from "./admin/server.js";
import { createKalshiService } from "./kalshi/server.js";
import { REST_PREFIX } from "./kalshi/rest.js";
import { WS_PATH } from "./kalshi/ws.js";
import { createEventLog } from "./log/event-log.js";
import { createPolymarketService } from "./polymarket/server.js";
import { WS_MARKET_PATH } from "./polymarket/ws-market.js";
import { WS_USER_PATH } from "./polymarket/ws-user.js";
import { DEFAULT_SCENARIO_PATH, loadScenarioFile } from "./scenario/load.js";
import type { Scenario } from "./scenario/schema.js";
import { createCore } from "./runtime/core.js";
import { DEFAULT_LABEL, type Endpoint, EndpointSpec, type KalshiDialect, type PolymarketDialect } from "./runtime/endpoint.js";

export type { SimControl, MarketsView, AccountView, PolymarketAccountView } from "./admin/control.js";
export type { ArbWindow, ArbLeg } from "./runtime/bus.js";
export type { FeeRates } from "./exchange/fee-override.js";
export { type Valuation, valueAtOutcomes } from "./admin/valuation.js";
export type { PolymarketWallet } from "./runtime/accounts.js";
export type { PolymarketFlavor } from "./polymarket/frames.js";
export { KALSHI_DIALECTS, POLYMARKET_DIALECTS, EndpointSpec, DEFAULT_LABEL, SIM_LABEL } from "./runtime/endpoint.js";
export type { Endpoint, KalshiDialect, PolymarketDialect } from "./runtime/endpoint.js";
export { EXCHANGE_V2, NEG_RISK_EXCHANGE_V2 } from "./polymarket/order.js";
export type { LogRecord } from "./log/event-log.js";
export type { Scenario, ScenarioInput, TimelineEvent } from "./scenario/schema.js";
export { parseScenario, loadScenarioFile, ScenarioError } from "./scenario/load.js";
export { type Rng, createRng } from "./generator/rng.js";

export interface SimOptions {
  /** A parsed scenario or a path to a JSON scenario file; default: scenarios/default.json. */
  scenario?: Scenario | string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Dialect of the default endpoint's Kalshi port (default "current"). */
  kalshiFlavor?: KalshiDialect;
  /** Dialect of the default endpoint's Polymarket market channel (default "current"; see runtime/endpoint.ts). */
  polymarketFlavor?: PolymarketDialect;
  /** More endpoints to open at start, each its own ports, dialects and client label, over the same engine. */
  endpoints?: readonly EndpointSpec[];
  /** JSONL path for the full event log; omitted = in-memory only. */
  eventLog?: string;
  /** Newest event-log records kept in memory for `control.events()` (default 200 000). */
  eventLogMemory?: number;
  /** ms; default Date.now (tests may drive time). */
  clock?: () => number;
  /** pino logger for the simulator's own diagnostics; default: silent. */
  logger?: Logger;
}

/** The base URLs of one endpoint. */
export interface EndpointUrls {
  kalshi: { rest: string; ws: string };
  /** Each on its own loopback port, as the venue's hosts are split. */
  polymarket: { clob: string; gamma: string; wsMarket: string; wsUser: string };
}

export interface Sim {
  /** The default endpoint's URLs (label "default"), the admin API, and every other endpoint's by label. */
  urls: EndpointUrls & { admin: string; endpoints: Record<string, EndpointUrls> };
  control: SimControl;
  /** Opens one more endpoint (labels are unique); its URLs are also added to `urls.endpoints`. */
  openEndpoint(spec: EndpointSpec): Promise<EndpointUrls>;
  close(): Promise<void>;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const host = options.host ?? "127.0.0.1";
  const base = typeof options.scenario === "object" ? options.scenario : loadScenarioFile(options.scenario ?? DEFAULT_SCENARIO_PATH);
  const scenario: Scenario = options.seed === undefined ? base : { ...base, seed: options.seed };
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? pino({ level: "silent" });
  // With a driven clock the log's timestamps come from it, so a seed replays the log byte for byte.
  const injected = options.clock;
  const nowNs = injected === undefined ? () => process.hrtime.bigint() : () => BigInt(injected()) * 1_000_000n;
  const log = createEventLog(nowNs, options.eventLog, options.eventLogMemory);
  const core = createCore(scenario, clock, log);
  core.advance();
  const control = createControl(core);
  const kalshi = createKalshiService(core, logger);
  const polymarket = createPolymarketService(core, logger);
  const endpoints: Record<string, EndpointUrls> = {};
  async function openEndpoint(spec: EndpointSpec): Promise<EndpointUrls> {
    const e: Endpoint = EndpointSpec.parse(spec);
    if (e.label in endpoints) throw new RangeError(`endpoint ${e.label} exists`);
    const p = polymarket.serversFor(e);
    const [kalshiPort, clobPort, gammaPort, wsPort] = await Promise.all([
      listen(kalshi.serverFor(e), host),
      listen(p.clob, host),
      listen(p.gamma, host),
      listen(p.ws, host),
    ]);
    const urls: EndpointUrls = {
      kalshi: { rest: `http://${host}:${kalshiPort}${REST_PREFIX}`, ws: `ws://${host}:${kalshiPort}${WS_PATH}` },
      polymarket: {
        clob: `http://${host}:${clobPort}`,
        gamma: `http://${host}:${gammaPort}`,
        wsMarket: `ws://${host}:${wsPort}${WS_MARKET_PATH}`,
        wsUser: `ws://${host}:${wsPort}${WS_USER_PATH}`,
      },
    };
    endpoints[e.label] = urls;
    return urls;
  }
  const admin = createAdminServer(control, logger, openEndpoint);
  const main = await openEndpoint({ label: DEFAULT_LABEL, kalshi: options.kalshiFlavor ?? "current", polymarket: options.polymarketFlavor ?? "current" });
  for (const spec of options.endpoints ?? []) await openEndpoint(spec);
  const adminPort = await listen(admin, host);
  // advance() skips a failing timeline entry itself; this catch is the last guard of a timer in someone's process.
  const ticker = setInterval(() => {
    try {
      core.advance();
    } catch (err) {
      logger.error({ err }, "simulator tick failed");
    }
  }, scenario.tickMs);
  let closed: Promise<void> | undefined;
  return {
    urls: { ...main, admin: `http://${host}:${adminPort}`, endpoints },
    control,
    openEndpoint,
    close() {
      closed ??= (async () => {
        clearInterval(ticker);
        admin.closeAllConnections();
        await Promise.all([kalshi.close(), polymarket.close(), new Promise<void>((r) => admin.close(() => r()))]);
        await log.close();
      })();
      return closed;
    },
  };
}
