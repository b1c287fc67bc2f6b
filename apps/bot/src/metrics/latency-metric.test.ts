import { describe, expect, it } from "vitest";
import { createSessionLatency } from "../state/latency.js";
import { SessionStore } from "../state/store.js";
import { createMetrics } from "./registry.js";

/** `name{labels} value` lines of the exposition text for one series name. */
const lines = (text: string, series: string): string[] => text.split("\n").filter((l) => l.startsWith(`${series}{`) || l.startsWith(`${series} `));

describe("latency on /metrics", () => {
  it("reads the histograms the store records into: one record per sample, the same counts on both", async () => {
    const latency = createSessionLatency();
    const metrics = createMetrics(latency);
    const store = new SessionStore({ latency });
    for (const us of [40, 120, 120.5, 250, 251, 3_000]) store.tickToOrder.record(us);
    store.orderAck.record(900, "kalshi");
    store.orderAck.record(30_000, "polymarket");
    store.orderAck.record(40_000, "polymarket");

    const text = await metrics.registry.metrics();
    expect(text).toContain("# TYPE arb_tick_to_order_seconds histogram");
    const buckets = lines(text, "arb_tick_to_order_seconds_bucket");
    // The same `le` values prom-client's Histogram had (0.00005 … 1 s, +Inf): Prometheus keeps the same series.
    expect(buckets.map((l) => /le="([^"]+)"/.exec(l)?.[1])).toEqual([
      ...["0.00005", "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1"],
      "+Inf",
    ]);
    expect(buckets).toContain('arb_tick_to_order_seconds_bucket{le="0.00005"} 1');
    expect(buckets).toContain('arb_tick_to_order_seconds_bucket{le="0.00025"} 4'); // 250 µs is ≤ 250 µs; 251 is not
    expect(buckets).toContain('arb_tick_to_order_seconds_bucket{le="0.0025"} 5');
    expect(buckets).toContain('arb_tick_to_order_seconds_bucket{le="+Inf"} 6');
    expect(lines(text, "arb_tick_to_order_seconds_count")).toEqual(["arb_tick_to_order_seconds_count 6"]);
    const [sum] = lines(text, "arb_tick_to_order_seconds_sum");
    expect(Number(sum?.split(" ")[1])).toBeCloseTo(0.0037815, 9);
    expect(lines(text, "arb_order_ack_seconds_count").sort()).toEqual([
      'arb_order_ack_seconds_count{venue="kalshi"} 1',
      'arb_order_ack_seconds_count{venue="polymarket"} 2',
    ]);
    expect(lines(text, "arb_order_ack_seconds_bucket")).toContain('arb_order_ack_seconds_bucket{venue="polymarket",le="0.05"} 2');
    // The dashboards read the same histograms.
    expect(store.tickToOrder.summary().count).toBe(6);
    expect(store.orderAck.summary().count).toBe(3);
  });

  it("exposes an empty unlabelled histogram before any sample, and no labelled series", async () => {
    const text = await createMetrics().registry.metrics();
    expect(lines(text, "arb_tick_to_order_seconds_count")).toEqual(["arb_tick_to_order_seconds_count 0"]);
    expect(lines(text, "arb_order_ack_seconds_count")).toEqual([]);
    const json = await createMetrics().registry.getMetricsAsJSON();
    expect(json.find((m) => m.name === "arb_order_ack_seconds")?.type).toBe("histogram");
  });
});
