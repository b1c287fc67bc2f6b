import type { KalshiExchange } from "../exchange/kalshi.js";
import type { EventLog } from "../log/event-log.js";
import type { Scenario, TimelineEvent } from "../scenario/schema.js";
import type { Bus } from "./bus.js";
import type { Steps } from "./steps.js";

export type OrderFaultMode = "reject" | "timeout" | "late-fill" | "delayed" | "trade-failed";
export interface OrderFault {
  readonly mode: OrderFaultMode;
  readonly delayMs: number;
}

/** The wire-facing knobs of the Kalshi server that faults and the admin API change at run time. */
export interface KalshiKnobs {
  latencyAllMs: number;
  readonly latencyByEndpoint: Map<string, number>;
  readPerSec: number;
  writePerSec: number;
  readonly wsPingMs: number;
  readonly authSkewMs: number;
  readonly faults: OrderFault[];
  /** Sockets send nothing (no data, no pings, no pongs) while this is set. */
  silent: boolean;
}

/** The Polymarket servers' run-time knobs. */
export interface PolymarketKnobs {
  latencyAllMs: number;
  readonly latencyByEndpoint: Map<string, number>;
  ordersPer10s: number;
  readsPer10s: number;
  rateLimitMode: "throttle" | "reject";
  readonly authSkewSec: number;
  readonly faults: OrderFault[];
  /** Trades still to fail settlement ("trade-failed" faults armed). */
  failTrades: number;
  silent: boolean;
}

/** The timeline entries that pause a venue, turn the servers' knobs or tell the sockets to misbehave. */
export type FaultEvent = Exclude<TimelineEvent, { readonly kind: "arb.inject" | "event-fee.set" }>;

export interface Faults {
  readonly kalshi: KalshiKnobs;
  readonly polymarket: PolymarketKnobs;
  pauseKalshi(paused: boolean): void;
  fire(e: FaultEvent): void;
}

export interface FaultsDeps {
  readonly scenario: Scenario;
  readonly kalshi: KalshiExchange;
  readonly steps: Steps;
  readonly clock: () => number;
  readonly log: EventLog;
  readonly bus: Bus;
}

/** The servers' knobs, as the scenario starts them, the Kalshi pause, and the timeline's faults that turn them. */
export function createFaults({ scenario, kalshi: exchange, steps, clock, log, bus }: FaultsDeps): Faults {
  const kalshi: KalshiKnobs = {
    latencyAllMs: 0,
    latencyByEndpoint: new Map(),
    readPerSec: scenario.kalshi.readPerSec,
    writePerSec: scenario.kalshi.writePerSec,
    wsPingMs: scenario.kalshi.wsPingMs,
    authSkewMs: scenario.kalshi.authSkewMs,
    faults: [],
    silent: false,
  };
  const pm = scenario.polymarket;
  const polymarket: PolymarketKnobs = {
    latencyAllMs: 0,
    latencyByEndpoint: new Map(),
    ordersPer10s: pm.ordersPer10s,
    readsPer10s: pm.readsPer10s,
    rateLimitMode: pm.rateLimitMode,
    authSkewSec: pm.authSkewSec,
    faults: [],
    failTrades: 0,
    silent: false,
  };
  const knobsOf = (venue: "kalshi" | "polymarket") => (venue === "kalshi" ? kalshi : polymarket);

  function pauseKalshi(paused: boolean): void {
    const nowMs = clock();
    steps.publishKalshi(exchange.setPaused(paused, nowMs));
    log.append("venue.paused", nowMs, { venue: "kalshi", paused });
    bus.publish({ kind: "venue.paused", venue: "kalshi", paused });
  }

  function fire(e: FaultEvent): void {
    const nowMs = clock();
    switch (e.kind) {
      case "venue.pause":
        if (e.venue === "kalshi") pauseKalshi(e.paused);
        return;
      case "connections.kill":
        log.append("connections.killed", nowMs, { venue: e.venue });
        bus.publish({ kind: "connections.killed", venue: e.venue });
        return;
      case "latency.set": {
        const k = knobsOf(e.venue);
        if (e.endpoint === undefined) k.latencyAllMs = e.ms;
        else k.latencyByEndpoint.set(e.endpoint, e.ms);
        return;
      }
      case "ws.seq-gap":
        bus.publish({ kind: "seq-gap.armed", venue: e.venue, skip: e.skip });
        return;
      case "ws.malformed":
        bus.publish({ kind: "malformed.requested", venue: e.venue, count: e.count });
        return;
      case "orders.fault":
        if (e.venue === "polymarket" && e.mode === "trade-failed") polymarket.failTrades += e.count;
        else for (let i = 0; i < e.count; i++) knobsOf(e.venue).faults.push({ mode: e.mode, delayMs: e.delayMs });
        return;
      case "rate-limit.set":
        if (e.venue === "kalshi") {
          kalshi.readPerSec = e.readPerSec;
          kalshi.writePerSec = e.writePerSec;
        } else {
          // Polymarket's limits are per 10 s windows; the scenario speaks per second for both venues.
          polymarket.readsPer10s = e.readPerSec * 10;
          polymarket.ordersPer10s = e.writePerSec * 10;
          polymarket.rateLimitMode = "reject";
        }
        return;
      case "ws.silence":
        log.append("ws.silenced", nowMs, { venue: e.venue, silent: e.silent });
        knobsOf(e.venue).silent = e.silent;
        return;
    }
  }

  return { kalshi, polymarket, pauseKalshi, fire };
}
