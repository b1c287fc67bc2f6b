import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kalshiOrderCostMicros } from "@arb/domain";
import type { Sim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutionEvent } from "../src/events.js";
import { PairSpec } from "../src/config.js";
import { pairView } from "../src/core/holdings.js";
import { computePairMetrics } from "../src/core/positions.js";
import { BALANCE_MICROS, type Rig, createRig, putArb, startTestSim, waitFor } from "./harness.js";

let sim: Sim;
let tickers: string[];
const rigs: Rig[] = [];
let nextTicker = 0;

async function rig(...args: Parameters<typeof createRig> extends [unknown, unknown, ...infer R] ? R : never): Promise<Rig> {
  const ticker = tickers[nextTicker++] as string;
  const r = await createRig(sim, ticker, ...args);
  rigs.push(r);
  await waitFor("book subscription", () => r.clients.marketData.feed.store.books.get(ticker)?.sid !== 0);
  return r;
}

/** YES ask 45¢ × 10 and NO ask 45¢ × 10: Kalshi's book holds bids only, each side's ask is $1 − the other's bid. */
const ARB_BOOK = { yes: [[5500, 1000]] as [number, number][], no: [[5500, 1000]] as [number, number][] };
const ONE_LEG_COST = kalshiOrderCostMicros(1000, 4500);

const last = <K extends ExecutionEvent["kind"]>(r: Rig, kind: K) => r.kinds(kind).at(-1) as Extract<ExecutionEvent, { kind: K }> | undefined;

function venueTotals(r: Rig) {
  const a = sim.control.account(r.accountId);
  if (a === undefined) throw new Error("no account");
  return a;
}

function expectLedgerMatchesVenue(r: Rig): void {
  const a = venueTotals(r);
  const ledgerFills = r.ledger.fills();
  // The user channel names a fill by trade id, REST by fill id: either may be the ledger's.
  expect(ledgerFills).toHaveLength(a.fills.length);
  for (const f of ledgerFills) expect(a.fills.some((v) => v.fillId === f.fillId || v.tradeId === f.fillId)).toBe(true);
  expect(r.ledger.expectedBalanceMicros("kalshi")).toBe(a.balanceMicros);
  const net = r.ledger.netPositions("kalshi");
  for (const p of a.positions) expect(net.get(p.ticker) ?? 0).toBe(p.yesHundredths - p.noHundredths);
  for (const o of r.ledger.orders()) expect(["filled", "canceled", "rejected", "expired"]).toContain(o.status);
}

beforeAll(async () => {
  ({ sim, tickers } = await startTestSim());
});

afterAll(async () => {
  for (const r of rigs) await r.close();
  await sim?.close();
});

describe("execution engine against the simulator (Kalshi same-market arbs)", () => {
  it("books a clean two-leg arb to the exact integer profit", async () => {
    const r = await rig();
    putArb(sim, r.ticker, ARB_BOOK);
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const closed = last(r, "arb.closed");
    const expected = 1000 * 10_000 - 2 * ONE_LEG_COST;
    expect(expected).toBe(640_000);
    expect(closed).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected, expectedProfitMicros: expected, unwindLossMicros: 0 });
    const a = venueTotals(r);
    expect(BALANCE_MICROS - a.balanceMicros).toBe(2 * ONE_LEG_COST);
    const m = computePairMetrics(pairView(r.engine.state.holdings, PairSpec.parse({ pair: r.pair, eventId: "game-1", kalshiMarket: r.ticker })));
    expect(m).toMatchObject({ matchedHundredths: 1000, unmatchedHundredths: 0, guaranteedProfitMicros: expected });
    expect(r.ledger.arbs("closed")).toHaveLength(1);
    expect(r.ledger.dailyPnl()[0]).toMatchObject({ lockedProfitMicros: expected, unwindLossMicros: 0 });
    expectLedgerMatchesVenue(r);
  });

  it("ignores the same pair while it is in flight, and keeps it blocked for its cooldown", async () => {
    const r = await rig({ execution: { cooldownMs: 60_000 } });
    sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 250 });
    try {
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb started", () => r.kinds("arb.started").length === 1);
      sim.control.setKalshiBook(r.ticker, { yes: [[5600, 1000]], no: [[5500, 1000]] });
      await waitFor("book moved", () => r.clients.marketData.feed.store.books.get(r.ticker)?.noAskUnits === 4400);
      r.engine.onVenueEvent({
        kind: "arb.detected",
        venue: "kalshi",
        pair: r.pair,
        type: "kalshi_same_market",
        edgeUnits: 1000,
        edgeBps: 1000,
        sizeHundredths: 1000,
        tsMs: Date.now(),
      });
      // Its own live orders claim both books (BOOK_CLAIMED comes before the pair lock is tried).
      expect(last(r, "opportunity.rejected")).toMatchObject({ reason: "BOOK_CLAIMED" });
      await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    } finally {
      sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 0 });
    }
    expect(r.kinds("arb.started")).toHaveLength(1);
    expect(venueTotals(r).orders).toHaveLength(2);
    expect(r.detection.tryAcquire(r.pair, Date.now())).toBe(false);
    expectLedgerMatchesVenue(r);
  });

  it("hedges a partial fill on one leg at the next level and books it", async () => {
    const r = await rig();
    sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 150 });
    try {
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb started", () => r.kinds("arb.started").length === 1);
      // While the orders travel, the YES ask shrinks to 4 contracts with more behind it at 50¢.
      sim.control.setKalshiBook(r.ticker, {
        yes: [[5500, 1000]],
        no: [
          [5500, 400],
          [5000, 1000],
        ],
      });
      await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 10_000);
    } finally {
      sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 0 });
    }
    expect(last(r, "leg.unhedged")).toMatchObject({ excessHundredths: 600, outcome: "no" });
    expect(last(r, "exposure.resolving")).toMatchObject({ how: "hedge", sizeHundredths: 600, limitPriceUnits: 5000 });
    const closed = last(r, "arb.closed");
    const cost = kalshiOrderCostMicros(1000, 4500) + kalshiOrderCostMicros(400, 4500) + kalshiOrderCostMicros(600, 5000);
    expect(closed).toMatchObject({ matchedHundredths: 1000, pnlMicros: 1000 * 10_000 - cost });
    expect(r.ledger.alerts().map((a) => a.kind)).toEqual(["leg.unhedged", "exposure.resolved"]);
    expect(r.ledger.alerts()[0]).toMatchObject({ exposureHundredths: 600 });
    expectLedgerMatchesVenue(r);
  });

  it("spends the resolve-loss bound once per arb: after one lossy hedge the rest stays exposed, alerted", async () => {
    const r = await rig({ execution: { maxResolveLossMicros: 150_000 } });
    sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 150 });
    try {
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb started", () => r.kinds("arb.started").length === 1);
      // YES fills 4 at 45¢; what is left costs 62¢: each hedged contract loses ~11¢, so the 15¢ bound pays for one.
      sim.control.setKalshiBook(r.ticker, {
        yes: [[5500, 1000]],
        no: [
          [5500, 400],
          [3800, 600],
        ],
      });
      await waitFor("residual", () => r.kinds("exposure.residual").length === 1, 10_000);
    } finally {
      sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 0 });
    }
    const hedges = r.ledger.orders().filter((o) => o.role === "hedge");
    expect(hedges.map((o) => [o.sizeHundredths, o.priceUnits, o.filledHundredths])).toEqual([[100, 6200, 100]]);
    expect(last(r, "exposure.residual")).toMatchObject({ excessHundredths: 500 });
    // Matched: 5 YES (4 at 45¢, 1 at 62¢) against 5 of the 10 NO at 45¢; the hedge's loss stays within 15¢.
    const noShare = Math.floor((kalshiOrderCostMicros(1000, 4500) * 500) / 1000);
    const entriesOnly = 400 * 10_000 - kalshiOrderCostMicros(400, 4500) - Math.floor((kalshiOrderCostMicros(1000, 4500) * 400) / 1000);
    const now = 500 * 10_000 - kalshiOrderCostMicros(400, 4500) - kalshiOrderCostMicros(100, 6200) - noShare;
    expect(entriesOnly - now).toBeLessThanOrEqual(150_000);
    expect(r.ledger.arbs("exposed")).toHaveLength(1);
    expectLedgerMatchesVenue(r);
  });

  it("one-sided fill: hedges the missing leg, alerts with the exposure, and webhooks the alert", async () => {
    const received: unknown[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
      const r = await rig({}, {}, { webhookUrl: url });
      sim.control.faultOrders("kalshi", { mode: "reject", count: 1 });
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 10_000);
      const unhedged = last(r, "leg.unhedged");
      expect(unhedged?.excessHundredths).toBe(1000);
      expect(unhedged?.exposureMicros).toBe(ONE_LEG_COST);
      expect(
        r.ledger
          .orders()
          .map((o) => o.status)
          .sort(),
      ).toEqual(["expired", "filled", "filled"]);
      expect(last(r, "arb.closed")).toMatchObject({ matchedHundredths: 1000, pnlMicros: 640_000 });
      await waitFor("webhook", () => received.length >= 2);
      expect(received[0]).toMatchObject({ kind: "leg.unhedged", exposureHundredths: 1000, exposureMicros: ONE_LEG_COST });
      const lines = readFileSync(join(r.dir, "alerts.jsonl"), "utf8").trim().split("\n");
      expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: "leg.unhedged" });
      expectLedgerMatchesVenue(r);
    } finally {
      await new Promise<void>((resolve) => hook.close(() => resolve()));
    }
  });

  it("one-sided fill with the other side gone: cancels the resting leg and alerts the residual exposure", async () => {
    const r = await rig();
    sim.control.faultOrders("kalshi", { mode: "late-fill", count: 1, delayMs: 5_000 });
    putArb(sim, r.ticker, ARB_BOOK);
    await waitFor("residual", () => r.kinds("exposure.residual").length === 1, 3_000);
    const orders = r.ledger.orders();
    expect(orders.map((o) => o.status).sort()).toEqual(["canceled", "filled"]);
    expect(orders.find((o) => o.status === "canceled")?.cancelRequested).toBe(true);
    const residual = last(r, "exposure.residual");
    const m = computePairMetrics(pairView(r.engine.state.holdings, PairSpec.parse({ pair: r.pair, eventId: "game-1", kalshiMarket: r.ticker })));
    // Nothing to hedge with and nothing to sell to within the bound now: left exposed, but watched (not final), and
    // its game takes no new arb until it is resolved.
    expect(residual).toMatchObject({ excessHundredths: 1000, exposureMicros: m.unmatchedCostMicros, final: false });
    expect(r.ledger.alerts().at(-1)).toMatchObject({ kind: "exposure.residual", severity: "warn", exposureHundredths: 1000 });
    expect(r.ledger.arbs("exposed")).toHaveLength(1);
    expect(r.engine.state.exposed.size).toBe(1);
    expectLedgerMatchesVenue(r);
  });

  it("books a fill that lands after the cancel was sent", async () => {
    const r = await rig();
    sim.control.setLatency("kalshi", { endpoint: "DELETE /portfolio/events/orders/:order_id", ms: 500 });
    try {
      sim.control.faultOrders("kalshi", { mode: "late-fill", count: 1, delayMs: 60 });
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 10_000);
    } finally {
      sim.control.setLatency("kalshi", { endpoint: "DELETE /portfolio/events/orders/:order_id", ms: 0 });
    }
    const late = r.ledger.orders().find((o) => o.cancelRequested);
    expect(late).toMatchObject({ status: "filled", filledHundredths: 1000 });
    // The resting order was filled by the house as maker (no maker fee on this market).
    expect(late?.feeMicros).toBe(0);
    expect(last(r, "arb.closed")).toMatchObject({ matchedHundredths: 1000, pnlMicros: 1000 * 10_000 - ONE_LEG_COST - 4500 * 1000, unwindLossMicros: 0 });
    expectLedgerMatchesVenue(r);
  });

  it("trips the breaker on consecutive errors, refuses entries, and resets by hand", async () => {
    const r = await rig({ breaker: { maxConsecutiveErrors: 2 } });
    sim.control.faultOrders("kalshi", { mode: "reject", count: 2 });
    putArb(sim, r.ticker, ARB_BOOK);
    await waitFor("tripped", () => r.kinds("breaker.tripped").length === 1);
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 10_000);
    expect(last(r, "breaker.tripped")).toMatchObject({ reason: "CONSECUTIVE_ERRORS" });
    putArb(sim, r.ticker, ARB_BOOK);
    await waitFor("refused", () => r.kinds("opportunity.rejected").some((e) => e.kind === "opportunity.rejected" && e.reason === "BREAKER_TRIPPED"));
    r.engine.resetBreaker();
    expect(r.ledger.breakerEvents().map((e) => e.kind)).toEqual(["breaker.tripped", "breaker.reset"]);
    putArb(sim, r.ticker, ARB_BOOK);
    await waitFor("traded after reset", () => r.kinds("arb.closed").length === 2, 10_000);
    expect(last(r, "arb.closed")).toMatchObject({ pnlMicros: 640_000, matchedHundredths: 1000 });
    expectLedgerMatchesVenue(r);
  });

  it("trips the breaker on the day's unwind losses", async () => {
    const r = await rig({ breaker: { maxDailyLossMicros: 1 }, execution: { maxResolveLossMicros: 2_000_000 } });
    sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 150 });
    try {
      putArb(sim, r.ticker, ARB_BOOK);
      await waitFor("arb started", () => r.kinds("arb.started").length === 1);
      sim.control.setKalshiBook(r.ticker, {
        yes: [[5500, 1000]],
        no: [
          [5500, 400],
          [4300, 1000],
        ],
      });
      await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 10_000);
    } finally {
      sim.control.setLatency("kalshi", { endpoint: "POST /portfolio/events/orders", ms: 0 });
    }
    const closed = last(r, "arb.closed");
    expect(closed?.unwindLossMicros).toBeGreaterThan(0);
    expect(last(r, "breaker.tripped")).toMatchObject({ reason: "DAILY_LOSS" });
    expect(r.ledger.dailyPnl()[0]?.unwindLossMicros).toBe(closed?.unwindLossMicros);
    r.engine.resetBreaker();
    expect(r.engine.state.breaker.tripped).toBeUndefined();
    expectLedgerMatchesVenue(r);
  });
});
