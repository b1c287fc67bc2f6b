import { describe, expect, it } from "vitest";
import { renderTapeReplay, replayEventLog } from "./replay.js";

const fill = (leg: number, priceUnits: number, sizeHundredths: number, feeMicros: number) =>
  JSON.stringify({
    kind: "fill.booked",
    clientOrderId: `c${leg}`,
    arbId: "a1",
    venue: leg < 2 ? "kalshi" : "polymarket",
    fillId: `f${leg}`,
    pair: 0,
    leg,
    priceUnits,
    sizeHundredths,
    feeMicros,
    tsMs: 1,
  });

describe("replayEventLog", () => {
  it("folds fills into the guaranteed P&L and counts arbs, alerts and bad lines", () => {
    const text = [
      JSON.stringify({
        kind: "arb.started",
        arbId: "a1",
        pair: 0,
        type: "kalshi_yes_poly_no",
        mode: "concurrent",
        sizeHundredths: 1000,
        expectedProfitMicros: 1,
        edgeBps: 1,
        tsMs: 0,
      }),
      fill(0, 4_000, 1_000, 170_000),
      fill(3, 5_000, 1_000, 125_000),
      JSON.stringify({
        kind: "arb.closed",
        arbId: "a1",
        pair: 0,
        matchedHundredths: 1_000,
        pnlMicros: 705_000,
        unwindLossMicros: 0,
        expectedProfitMicros: 705_000,
        tsMs: 2,
      }),
      "not json",
      "",
    ].join("\n");
    // 10 contracts pay $10; they cost $4 + $5 + fees $0.295.
    expect(replayEventLog(text)).toEqual({
      events: 4,
      malformed: 1,
      arbsTaken: 1,
      arbsClosed: 1,
      fills: 2,
      alerts: 0,
      guaranteedPnlMicros: 705_000,
      unmatchedExposureMicros: 0,
      closedPnlMicros: 705_000,
    });
  });
});

describe("renderTapeReplay", () => {
  it("says all decisions were identical, or names the first divergence with what was expected and what came", () => {
    expect(renderTapeReplay({ ok: true, runs: 1, steps: 42, arbs: 2 })).toBe("42 steps replayed, all decisions identical (1 run, 2 arbs decided)");
    expect(
      renderTapeReplay({
        ok: false,
        runs: 1,
        steps: 6,
        arbs: 0,
        divergence: {
          line: 9,
          step: 7,
          inputKind: "opportunity.detected",
          what: "commands",
          expected: ["ledger.write order", "order.place kalshi buy yes 1000@4500 r-1"],
          got: ["event.emit opportunity.rejected NO_EDGE"],
        },
      }),
    ).toBe(
      [
        "divergence at step 7 (tape line 9, input opportunity.detected): other commands",
        "  expected: ledger.write order; order.place kalshi buy yes 1000@4500 r-1",
        "  got:      event.emit opportunity.rejected NO_EDGE",
        "6 steps replayed identical before it (1 run, 0 arbs decided)",
      ].join("\n"),
    );
  });
});
