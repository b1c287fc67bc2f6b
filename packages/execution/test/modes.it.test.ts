import { kalshiOrderCostMicros } from "@arb/domain";
import type { Sim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionEvent } from "../src/events.js";
import { type Rig, createRig, putArb, startTestSim, waitFor } from "./harness.js";

let sim: Sim;
let tickers: string[];
const rigs: Rig[] = [];

async function rig(config: Parameters<typeof createRig>[2] = {}): Promise<Rig> {
  const ticker = tickers[rigs.length] as string;
  const r = await createRig(sim, ticker, config);
  rigs.push(r);
  await waitFor("book subscription", () => r.clients.marketData.feed.store.books.get(ticker)?.sid !== 0);
  return r;
}

const of = <K extends ExecutionEvent["kind"]>(r: Rig, kind: K) => r.kinds(kind) as Extract<ExecutionEvent, { kind: K }>[];
const PROFIT = 1000 * 10_000 - 2 * kalshiOrderCostMicros(1000, 4500);

beforeAll(async () => {
  ({ sim, tickers } = await startTestSim());
});

afterAll(async () => {
  for (const r of rigs) await r.close();
  await sim?.close();
});

describe("execution modes, persistence and settlement (simulator, Kalshi)", () => {
  it("sequential: the leg more likely to fail goes first, the other only once it has filled", async () => {
    const r = await rig({ execution: { mode: "sequential" } });
    // YES ask 45¢ × 30; NO asks 45¢ × 4 then 46¢ × 26: the NO leg cannot fill at its top alone, so it is the likelier
    // miss and goes first although the arb's own leg order is YES first.
    putArb(sim, r.ticker, {
      yes: [
        [5500, 400],
        [5400, 2600],
      ],
      no: [[5500, 3000]],
    });
    await waitFor("arb closed", () => of(r, "arb.closed").length === 1);
    const started = of(r, "arb.started")[0];
    expect(started).toMatchObject({ mode: "sequential", sizeHundredths: 3000 });
    const orders = r.ledger.orders();
    expect(orders.map((o) => [o.outcome, o.status, o.filledHundredths])).toEqual([
      ["no", "filled", 3000],
      ["yes", "filled", 3000],
    ]);
    const sent = (id: string) => r.events.findIndex((e) => e.kind === "order.changed" && e.clientOrderId === id && e.to === "sent");
    const firstFill = r.events.findIndex((e) => e.kind === "fill.booked" && e.clientOrderId === orders[0]?.clientOrderId);
    expect(sent(orders[0]?.clientOrderId ?? "")).toBeLessThan(firstFill);
    expect(firstFill).toBeLessThan(sent(orders[1]?.clientOrderId ?? ""));
    expect(of(r, "arb.closed")[0]).toMatchObject({ matchedHundredths: 3000, pnlMicros: started?.expectedProfitMicros });
  });

  it("an opportunity must persist persistMs before it is traded", async () => {
    const r = await rig({ risk: { persistMs: 150 } });
    putArb(sim, r.ticker, { yes: [[5500, 1000]], no: [[5500, 1000]] });
    await waitFor("arb closed", () => of(r, "arb.closed").length === 1);
    const first = of(r, "opportunity.rejected")[0];
    expect(first).toMatchObject({ reason: "NOT_PERSISTED" });
    const started = of(r, "arb.started")[0];
    expect((started?.tsMs ?? 0) - (first?.tsMs ?? 0)).toBeGreaterThanOrEqual(150);
    expect(of(r, "arb.closed")[0]).toMatchObject({ pnlMicros: PROFIT });
  });

  it("settlement at resolution realizes the guaranteed profit and closes the positions", async () => {
    const r = await rig();
    putArb(sim, r.ticker, { yes: [[5500, 1000]], no: [[5500, 1000]] });
    await waitFor("arb closed", () => of(r, "arb.closed").length === 1);
    expect(r.ledger.holdings().filter((h) => h.market === r.ticker && h.contractsHundredths !== 0)).toHaveLength(2);
    r.engine.settle("kalshi", r.ticker, "no");
    expect(of(r, "market.settled")[0]).toMatchObject({ venue: "kalshi", market: r.ticker, winner: "no", pnlMicros: PROFIT });
    expect(r.engine.state.holdings.size).toBe(0);
    expect(r.engine.state.exposure.total).toBe(0);
    expect(r.ledger.holdings()).toEqual([]);
    expect(r.ledger.dailyPnl()[0]).toMatchObject({ lockedProfitMicros: PROFIT, realizedPnlMicros: PROFIT });
  });
});
