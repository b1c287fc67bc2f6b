import { fixtureFiles, fixtureJson } from "@arb/venue-fixtures";
import { describe, expect, it } from "vitest";
import { KalshiWsFrame, LegacyWsFrame } from "./kalshi-ws-schemas.js";

const load = (sub: string, file: string): unknown => fixtureJson("kalshi", sub, file);

/** Fixtures of channels this simulator does not publish (lifecycle events, order groups) or commands. */
const NOT_PUBLISHED = new Set(["event_lifecycle.json", "market_lifecycle_v2.json", "order_group_updates.json"]);

describe("the WS schemas mirror the venue's own examples", () => {
  const current = fixtureFiles("kalshi", "ws").filter((f) => !f.startsWith("cmd_") && !NOT_PUBLISHED.has(f));
  it.each(current)("current fixture %s parses", (file) => {
    expect(KalshiWsFrame.safeParse(load("ws", file)).error).toBeUndefined();
  });
  const legacy = fixtureFiles("kalshi", "ws-legacy-2026-01").filter((f) => f !== "ticker.json");
  it.each(legacy)("legacy fixture %s parses", (file) => {
    expect(LegacyWsFrame.safeParse(load("ws-legacy-2026-01", file)).error).toBeUndefined();
  });
  it("the legacy ticker example is self-inconsistent (yes_bid 45 vs $0.345) but still fits the shape", () => {
    expect(LegacyWsFrame.safeParse(load("ws-legacy-2026-01", "ticker.json")).error).toBeUndefined();
  });
  it("current and legacy shapes do not pass for each other", () => {
    expect(KalshiWsFrame.safeParse(load("ws-legacy-2026-01", "orderbook_delta.json")).success).toBe(false);
    expect(LegacyWsFrame.safeParse(load("ws", "orderbook_delta.json")).success).toBe(false);
  });
});
