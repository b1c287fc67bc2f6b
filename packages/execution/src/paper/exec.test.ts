import { describe, expect, it } from "vitest";
import type { VenueEvent } from "@arb/venues";
import { VenueRules } from "../config.js";
import { PaperExec } from "./exec.js";
import { planPaperFills } from "./fill.js";

const rules = VenueRules.parse({ lotHundredths: 100, minOrderHundredths: 100, tickUnits: 100, feeRatePpm: 70_000 });
const intent = {
  clientOrderId: "c1",
  market: "M",
  outcome: "yes" as const,
  action: "buy" as const,
  priceUnits: 4600,
  sizeHundredths: 1500,
  timeInForce: "immediate_or_cancel" as const,
};

describe("paper venue", () => {
  it("walks the levels up to the limit; FOK is all or nothing; a partial draw cuts on the lot grid", () => {
    const asks = [4500, 1000, 4600, 300, 4700, 5000];
    expect(planPaperFills(asks, intent, 100, undefined)).toEqual([
      { longPriceUnits: 4500, sizeHundredths: 1000 },
      { longPriceUnits: 4600, sizeHundredths: 300 },
    ]);
    expect(planPaperFills(asks, { ...intent, timeInForce: "fill_or_kill" }, 100, undefined)).toEqual([]);
    expect(planPaperFills(asks, intent, 100, 0.5)).toEqual([{ longPriceUnits: 4500, sizeHundredths: 600 }]);
    // Selling YES at ≥ 54¢ is buying NO at ≤ 46¢.
    expect(planPaperFills(asks, { ...intent, action: "sell", priceUnits: 5400 }, 100, undefined)).toHaveLength(2);
  });

  it("fills through the same events a venue sends, and does not take the same liquidity twice", async () => {
    const events: VenueEvent[] = [];
    const paper = new PaperExec({
      venue: "kalshi",
      depth: { asks: () => [4500, 1000] },
      rules,
      balanceMicros: 100_000_000,
      latencyMs: 1,
      partialFillPpm: 0,
      sink: (e) => events.push(e),
    });
    const a = await paper.placeOrder({ ...intent, sizeHundredths: 800 });
    const b = await paper.placeOrder({ ...intent, clientOrderId: "c2", sizeHundredths: 800 });
    expect(a.ok && a.value.filledHundredths).toBe(800);
    expect(b.ok && b.value.filledHundredths).toBe(200);
    expect(events.filter((e) => e.kind === "fill.received")).toHaveLength(2);
    const bal = await paper.balanceMicros();
    expect(bal.ok && bal.value).toBe(100_000_000 - 4500 * 1000 - events.reduce((s, e) => s + (e.kind === "fill.received" ? (e.fill.feeMicros ?? 0) : 0), 0));
    expect(await paper.placeOrder(intent)).toMatchObject({ ok: false, error: { code: "PAPER_DUPLICATE" } });
    paper.bookChanged("M");
    const c = await paper.placeOrder({ ...intent, clientOrderId: "c3", sizeHundredths: 500 });
    expect(c.ok && c.value.filledHundredths).toBe(500);
    await paper.close();
  });
});
