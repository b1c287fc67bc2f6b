import { kalshiOrderCostMicros, polymarketOrderFeeMicros } from "@arb/domain";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PairSpec, VenueRules } from "../src/config.js";
import { pairView } from "../src/core/holdings.js";
import { PaperExec, paperExecVenue } from "../src/paper/exec.js";
import { polymarketDepth } from "../src/venue/polymarket.js";
import { type CrossMarket, type CrossRig, createCrossRig, crossMarkets } from "./cross-rig.js";
import { BALANCE_MICROS, waitFor } from "./harness.js";

let sim: Sim;
let markets: CrossMarket[];
const rigs: CrossRig[] = [];

async function rig(config: Parameters<typeof createCrossRig>[2] = {}): Promise<CrossRig> {
  const m = markets[rigs.length];
  if (m === undefined) throw new Error("out of cross-venue markets");
  const r = await createCrossRig(sim, m, config);
  rigs.push(r);
  return r;
}

/**
 * Empties both venues' books of the market, as the rig's clients see them, so no other arb shows on the way to the
 * one a test puts up (the makers' quotes on one venue against a test level on the other).
 */
async function clearBooks(r: CrossRig): Promise<void> {
  const m = r.market;
  sim.control.setPolymarketBook(m.yesTokenId, { bids: [], asks: [] });
  sim.control.setKalshiBook(m.ticker, { yes: [], no: [] });
  await waitFor("books cleared", () => {
    const k = r.kalshi.marketData.feed.store.books.get(m.ticker);
    const y = r.poly.marketData.feed.book(m.yesTokenId);
    const n = r.poly.marketData.feed.book(m.noTokenId);
    return (
      k !== undefined &&
      k.bids[0].count === 0 &&
      k.bids[1].count === 0 &&
      y?.asks.count === 0 &&
      y.bids.count === 0 &&
      n?.asks.count === 0 &&
      n.bids.count === 0
    );
  });
}

function balances(r: CrossRig): { kalshi: number; polymarket: number } {
  const k = sim.control.account(r.kalshiAccountId);
  const p = sim.control.polymarketAccount(r.polyAddress);
  if (k === undefined || p === undefined) throw new Error("no account");
  return { kalshi: k.balanceMicros, polymarket: p.balanceMicros };
}

const polyFee = (r: CrossRig, size: number, price: number) => polymarketOrderFeeMicros(size, price, r.polyInfo.feeRatePpm, r.polyInfo.feeExponent);

function expectLedgerMatchesVenues(r: CrossRig): void {
  const b = balances(r);
  expect(r.ledger.expectedBalanceMicros("kalshi")).toBe(b.kalshi);
  expect(r.ledger.expectedBalanceMicros("polymarket")).toBe(b.polymarket);
  const tokens = sim.control.polymarketAccount(r.polyAddress)?.tokens ?? [];
  const held = (id: string) => tokens.find((t) => t.tokenId === id)?.hundredths ?? 0;
  expect(r.ledger.netPositions("polymarket").get(r.market.conditionId) ?? 0).toBe(held(r.market.yesTokenId) - held(r.market.noTokenId));
  for (const o of r.ledger.orders()) expect(["filled", "canceled", "rejected", "expired"]).toContain(o.status);
}

beforeAll(async () => {
  // One game per test, each trading its own Kalshi market and Polymarket twin; trades settle (or fail) in 300 ms.
  const scenario = {
    name: "execution-cross",
    seed: 11,
    tickMs: 20,
    games: { count: 8, leagues: ["NBA"] },
    kalshi: { wsPingMs: 1000 },
    polymarket: { minedMs: 100, confirmedMs: 300 },
  };
  sim = await startSim({ scenario: parseScenario(scenario) });
  markets = crossMarkets(sim);
});

afterAll(async () => {
  for (const r of rigs) await r.close();
  await sim?.close();
});

describe("execution engine across Kalshi and Polymarket (simulator)", () => {
  it("poly_yes_kalshi_no: books both legs to the exact integer profit; both balances move by exactly that", async () => {
    const r = await rig();
    await clearBooks(r);
    // Kalshi NO ask 45¢ (= $1 − the YES bid), then Polymarket YES ask 45¢.
    sim.control.setKalshiBook(r.market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const kalshiCost = kalshiOrderCostMicros(1000, 4500);
    const polyCost = 1000 * 4500 + polyFee(r, 1000, 4500);
    const expected = 1000 * 10_000 - kalshiCost - polyCost;
    expect(polyFee(r, 1000, 4500)).toBeGreaterThan(0);
    expect(r.kinds("arb.started")[0]).toMatchObject({ type: "poly_yes_kalshi_no", sizeHundredths: 1000, expectedProfitMicros: expected });
    expect(r.kinds("arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected, unwindLossMicros: 0 });
    const b = balances(r);
    expect(BALANCE_MICROS - b.kalshi).toBe(kalshiCost);
    expect(BALANCE_MICROS - b.polymarket).toBe(polyCost);
    expect(2 * BALANCE_MICROS - b.kalshi - b.polymarket + expected).toBe(1000 * 10_000);
    expect(r.ledger.dailyPnl()[0]).toMatchObject({ lockedProfitMicros: expected });
    expectLedgerMatchesVenues(r);
  });

  it("kalshi_yes_poly_no: buys Kalshi YES and the Polymarket NO token, to the exact profit", async () => {
    const r = await rig();
    await clearBooks(r);
    sim.control.setKalshiBook(r.market.ticker, { yes: [], no: [[5600, 1500]] });
    sim.control.setPolymarketBook(r.market.noTokenId, { bids: [], asks: [[4300, 1500]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const kalshiCost = kalshiOrderCostMicros(1500, 4400);
    const polyCost = 1500 * 4300 + polyFee(r, 1500, 4300);
    const expected = 1500 * 10_000 - kalshiCost - polyCost;
    expect(r.kinds("arb.closed")[0]).toMatchObject({ matchedHundredths: 1500, pnlMicros: expected, expectedProfitMicros: expected });
    const b = balances(r);
    expect([BALANCE_MICROS - b.kalshi, BALANCE_MICROS - b.polymarket]).toEqual([kalshiCost, polyCost]);
    expectLedgerMatchesVenues(r);
  });

  it("poly_same_market: YES and NO tokens of one Polymarket market, both taker fees exact", async () => {
    const r = await rig();
    await clearBooks(r);
    // YES ask 44¢ and NO ask 1 − 58¢ = 42¢ on one book.
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [[5800, 1000]], asks: [[4400, 1000]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const cost = 1000 * 4400 + polyFee(r, 1000, 4400) + 1000 * 4200 + polyFee(r, 1000, 4200);
    const expected = 1000 * 10_000 - cost;
    expect(r.kinds("arb.started")[0]?.type).toBe("poly_same_market");
    expect(r.kinds("arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected, expectedProfitMicros: expected });
    expect(BALANCE_MICROS - balances(r).polymarket).toBe(cost);
    expect(balances(r).kalshi).toBe(BALANCE_MICROS);
    expectLedgerMatchesVenues(r);
  });

  it("one-sided: the Polymarket leg is rejected, its hedge too, nothing to sell into: residual exposure alerted", async () => {
    const r = await rig({ config: { execution: { maxResolveAttempts: 1 } } });
    await clearBooks(r);
    sim.control.faultOrders("polymarket", { mode: "reject", count: 2 });
    sim.control.setKalshiBook(r.market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("residual", () => r.kinds("exposure.residual").length === 1);
    const kalshiCost = kalshiOrderCostMicros(1000, 4500);
    expect(r.kinds("leg.unhedged")[0]).toMatchObject({ excessHundredths: 1000, outcome: "no", exposureMicros: kalshiCost });
    expect(r.kinds("exposure.resolving")[0]).toMatchObject({ how: "hedge", venue: "polymarket", sizeHundredths: 1000, limitPriceUnits: 4500 });
    expect(r.kinds("exposure.residual")[0]).toMatchObject({ excessHundredths: 1000, exposureMicros: kalshiCost });
    expect(r.ledger.alerts().map((a) => [a.kind, a.exposureHundredths, a.exposureMicros])).toEqual([
      ["leg.unhedged", 1000, kalshiCost],
      ["exposure.residual", 1000, kalshiCost],
    ]);
    expect(
      r.ledger
        .orders()
        .map((o) => `${o.venue}:${o.role}:${o.status}`)
        .sort(),
    ).toEqual(["kalshi:entry:filled", "polymarket:entry:rejected", "polymarket:hedge:rejected"]);
    expect(r.ledger.arbs("exposed")).toHaveLength(1);
    expectLedgerMatchesVenues(r);
  });

  it("one-sided then hedged: the Polymarket leg is rejected once and the hedge on Polymarket restores the arb", async () => {
    const r = await rig();
    await clearBooks(r);
    sim.control.faultOrders("polymarket", { mode: "reject", count: 1 });
    sim.control.setKalshiBook(r.market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const expected = 1000 * 10_000 - kalshiOrderCostMicros(1000, 4500) - 1000 * 4500 - polyFee(r, 1000, 4500);
    expect(r.kinds("arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected });
    expect(r.ledger.alerts().map((a) => a.kind)).toEqual(["leg.unhedged", "exposure.resolved"]);
    expectLedgerMatchesVenues(r);
  });

  it("fill.reversed: a Polymarket trade that fails on chain is taken back, alerted, and the arb hedged again", async () => {
    const r = await rig();
    await clearBooks(r);
    sim.control.faultOrders("polymarket", { mode: "trade-failed", count: 1 });
    sim.control.setKalshiBook(r.market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [], asks: [[4500, 2000]] });
    await waitFor("arb closed twice", () => r.kinds("arb.closed").length === 2, 6_000);
    const reversed = r.kinds("fill.reversed");
    expect(reversed).toHaveLength(1);
    expect(reversed[0]).toMatchObject({ venue: "polymarket", sizeHundredths: 1000, priceUnits: 4500, feeMicros: polyFee(r, 1000, 4500) });
    const alerts = r.ledger.alerts().map((a) => a.kind);
    expect(alerts.slice(0, 2)).toEqual(["fill.reversed", "leg.unhedged"]);
    expect(alerts.at(-1)).toBe("exposure.resolved");
    const fills = r.ledger.fills().filter((f) => f.venue === "polymarket");
    expect(fills.map((f) => f.reversedMs !== undefined)).toEqual([true, false]);
    const expected = 1000 * 10_000 - kalshiOrderCostMicros(1000, 4500) - 1000 * 4500 - polyFee(r, 1000, 4500);
    expect(r.kinds("arb.closed")[1]).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected });
    // Locked once, taken back, locked again: the day counts it once.
    expect(r.ledger.dailyPnl()[0]?.lockedProfitMicros).toBe(expected);
    const m = pairView(
      r.engine.state.holdings,
      PairSpec.parse({ pair: r.pair, eventId: "game-x", kalshiMarket: r.market.ticker, polymarketMarket: r.market.conditionId }),
    );
    expect(m.legs.map((l) => l.contractsHundredths)).toEqual([0, 1000, 1000, 0]);
    expectLedgerMatchesVenues(r);
  });

  it("paper Polymarket inside a full engine run: fills against the live simulator book, Kalshi for real", async () => {
    let paper: PaperExec | undefined;
    const r = await rig({
      polymarketVenue: (poly, sink) => {
        const depth = polymarketDepth(poly.marketData);
        const info = poly.exec.registry.market(markets[rigs.length]?.conditionId ?? "");
        if (info === undefined) throw new Error("market not loaded");
        const rules = VenueRules.parse({
          lotHundredths: 100,
          minOrderHundredths: info.minOrderHundredths,
          tickUnits: 100,
          feeRatePpm: info.feeRatePpm,
          feeExponent: info.feeExponent,
        });
        paper = new PaperExec({ venue: "polymarket", depth, rules, balanceMicros: BALANCE_MICROS, latencyMs: 5, partialFillPpm: 0, sink });
        return { orders: paperExecVenue(paper), depth };
      },
    });
    await clearBooks(r);
    sim.control.setKalshiBook(r.market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(r.market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1);
    const polyCost = 1000 * 4500 + polyFee(r, 1000, 4500);
    const expected = 1000 * 10_000 - kalshiOrderCostMicros(1000, 4500) - polyCost;
    expect(r.kinds("arb.closed")[0]).toMatchObject({ matchedHundredths: 1000, pnlMicros: expected });
    // The paper leg never reached the venue; its balance is the paper account's.
    expect(balances(r).polymarket).toBe(BALANCE_MICROS);
    const paperBalance = await paper?.balanceMicros();
    expect(paperBalance).toEqual({ ok: true, value: BALANCE_MICROS - polyCost });
    expect(r.ledger.expectedBalanceMicros("polymarket")).toBe(BALANCE_MICROS - polyCost);
    expect(r.ledger.expectedBalanceMicros("kalshi")).toBe(balances(r).kalshi);
  });
});
