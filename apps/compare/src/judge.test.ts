import { describe, expect, it } from "vitest";
import { coldStartMs, judge, windowsOf } from "./judge.js";
import type { SimRecord } from "./sim.js";

const MS = 1_000_000n;
const rec = (tsMs: number, kind: string, fields: Record<string, unknown> = {}, client = "sim"): SimRecord => ({
  ts: String(BigInt(tsMs) * MS),
  simMs: tsMs,
  kind,
  client,
  ...fields,
});
const window = {
  windowId: "w1",
  kind: "kalshi_yes_poly_no",
  ticker: "G-A",
  edgeUnits: 150,
  sizeHundredths: 2000,
  theoreticalProfitMicros: 290_000,
  legs: [
    { venue: "kalshi", market: "G-A" },
    { venue: "polymarket", market: "0xc" },
  ],
};
const window2 = {
  ...window,
  windowId: "w2",
  ticker: "G-B",
  legs: [
    { venue: "kalshi", market: "G-B" },
    { venue: "polymarket", market: "0xc" },
  ],
};

/** A window opened at 1000 ms (step 7), its frames to two clients, closed at 1800; a second at 3000. */
const RECORDS: SimRecord[] = [
  rec(100, "ws.subscribed", { venue: "kalshi" }, "bot"),
  rec(1000.0, "frame.sent", { venue: "kalshi", step: 7 }, "peer"),
  rec(1000, "frame.sent", { venue: "kalshi", step: 7 }, "bot"),
  rec(1001, "frame.sent", { venue: "polymarket", step: 7 }, "bot"),
  rec(1003, "frame.sent", { venue: "polymarket", step: 7 }, "peer"),
  rec(1003, "arb.window-opened", { step: 7, window }),
  rec(1010, "request.received", { venue: "kalshi", request: 1 }, "bot"),
  rec(1011, "order.received", { venue: "kalshi", request: 1, market: "G-A" }, "bot"),
  rec(1012, "request.received", { venue: "polymarket", request: 1 }, "bot"),
  rec(1020, "order.received", { venue: "polymarket", request: 1, market: "0xc" }, "bot"),
  rec(1013, "fill.booked", { venue: "kalshi", fill: { ticker: "G-A", countHundredths: 2000 } }, "bot"),
  rec(1021, "trade.matched", { venue: "polymarket", trade: { conditionId: "0xc", sizeHundredths: 1500 } }, "bot"),
  // A hedge through the game's other Kalshi market, and a fill on another game that is not this window's.
  rec(1030, "fill.booked", { venue: "kalshi", fill: { ticker: "G-B", countHundredths: 500 } }, "bot"),
  rec(1031, "fill.booked", { venue: "kalshi", fill: { ticker: "H-A", countHundredths: 700 } }, "bot"),
  rec(1800, "arb.window-closed", { step: 9, window }),
  rec(3000, "frame.sent", { venue: "kalshi", step: 12 }, "bot"),
  rec(3000, "arb.window-opened", { step: 12, window: window2 }),
  rec(3900, "arb.window-closed", { step: 14, window: window2 }),
];

describe("judge", () => {
  it("reads the windows in order with their opening step and legs' markets", () => {
    const w = windowsOf(RECORDS);
    expect(w.map((x) => [x.windowId, x.step, x.openNs, x.closeNs, x.markets])).toEqual([
      ["w1", 7, 1003n * MS, 1800n * MS, ["G-A", "0xc"]],
      ["w2", 12, 3000n * MS, 3900n * MS, ["G-B", "0xc"]],
    ]);
  });

  it("times each client from its own last frame of the opening step", () => {
    const w = windowsOf(RECORDS);
    const bot = judge(RECORDS, w, "bot", [{ ns: 1004n * MS, ticker: "G-A" }]);
    const peer = judge(RECORDS, w, "peer", [{ ns: 1004n * MS, ticker: "G-A" }]);
    expect(bot[0]?.detectMs).toBe(3);
    expect(peer[0]?.detectMs).toBe(1);
    expect(bot[0]?.frameNs).toBe(1001n * MS);
  });

  it("ignores a report on another market, before the step or after the close, and counts none for a missed window", () => {
    const w = windowsOf(RECORDS);
    const out = judge(RECORDS, w, "bot", [
      { ns: 900n * MS, ticker: "G-A" },
      { ns: 1005n * MS, ticker: "G-B" },
      { ns: 1900n * MS, ticker: "G-A" },
    ]);
    expect(out[0]?.detectMs).toBeUndefined();
    expect(out[1]?.detectMs).toBeUndefined();
  });

  it("times orders by their arrival stamp, both legs by the second venue's, and sums the game's fills per venue", () => {
    const [o] = judge(RECORDS, windowsOf(RECORDS), "bot", []);
    expect(o?.firstOrderMs).toBe(9);
    expect(o?.bothOrdersMs).toBe(11);
    expect(o?.firstFillMs).toBe(12);
    expect(o?.filledHundredths).toEqual({ kalshi: 2500, polymarket: 1500 });
    expect(o?.orders).toBe(2);
    expect(judge(RECORDS, windowsOf(RECORDS), "peer", [])[0]?.orders).toBe(0);
  });

  it("measures a cold start from spawn to the first subscription", () => {
    expect(coldStartMs(RECORDS, "bot", 40n * MS)).toBe(60);
    expect(coldStartMs(RECORDS, "peer", 0n)).toBeUndefined();
  });
});
