import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { type SessionLatency, createSessionLatency } from "../state/latency.js";
import { registerLatencyMetric } from "./latency-metric.js";

/**
 * One registry per session (never prom-client's global one, so tests and sessions do not share counters). The latency
 * histograms are `latency`'s, read at each scrape: the session gives the same object to its SessionStore and records
 * each sample there once.
 */
export function createMetrics(latency: SessionLatency = createSessionLatency()) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "arb_process_" });
  registerLatencyMetric(registry, "arb_tick_to_order_seconds", "Frame that showed the arb arriving → its last entry order written on its socket", () => [
    [{}, latency.tickToOrder],
  ]);
  registerLatencyMetric(registry, "arb_order_ack_seconds", "Order handed to the client → the venue's first answer", () =>
    [...latency.orderAck.byLabel].map(([venue, h]) => [{ venue }, h] as const),
  );
  return {
    registry,
    latency,
    frames: new Counter({
      name: "arb_book_updates_total",
      help: "Top-of-book changes applied from venue frames",
      labelNames: ["venue"],
      registers: [registry],
    }),
    dropped: new Counter({
      name: "arb_frames_dropped_total",
      help: "Malformed or unexpected frames counted and dropped",
      labelNames: ["venue"],
      registers: [registry],
    }),
    opportunities: new Counter({ name: "arb_opportunities_total", help: "Arbs the detection core reported", labelNames: ["type"], registers: [registry] }),
    arbsTaken: new Counter({ name: "arb_arbs_started_total", help: "Arbs the execution engine entered", labelNames: ["type"], registers: [registry] }),
    orders: new Counter({ name: "arb_orders_total", help: "Orders sent", labelNames: ["venue"], registers: [registry] }),
    fills: new Counter({ name: "arb_fills_total", help: "Fills booked", labelNames: ["venue"], registers: [registry] }),
    rejects: new Counter({ name: "arb_order_rejects_total", help: "Orders the venue rejected", registers: [registry] }),
    breakerOpen: new Gauge({ name: "arb_breaker_open", help: "1 while the circuit breaker blocks new entries", registers: [registry] }),
    guaranteedPnl: new Gauge({ name: "arb_guaranteed_pnl_micros", help: "Matched contracts × $1 − their cost, 1e-6 $", registers: [registry] }),
    unmatchedExposure: new Gauge({ name: "arb_unmatched_exposure_micros", help: "Cost of unhedged legs, 1e-6 $", registers: [registry] }),
    pairs: new Gauge({ name: "arb_pairs_tracked", help: "Accepted pairs being watched", registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
