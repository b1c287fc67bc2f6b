import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrossRig, createCrossRig, crossMarkets } from "./cross-rig.js";
import { waitFor } from "./harness.js";

let sim: Sim;
let resumed: CrossRig | undefined;
let deaf: CrossRig | undefined;

beforeAll(async () => {
  // Trades fail (or confirm) 1.5 s after their match: time for the bot to go down in between.
  const scenario = {
    name: "taken-back",
    seed: 5,
    tickMs: 20,
    games: { count: 2, leagues: ["NBA"] },
    kalshi: { wsPingMs: 1000 },
    polymarket: { minedMs: 500, confirmedMs: 1_500 },
  };
  sim = await startSim({ scenario: parseScenario(scenario) });
});

afterAll(async () => {
  await resumed?.close();
  await deaf?.close();
  await sim?.close();
});

describe("a fill the venue took back while the bot was down", () => {
  it("is reversed at start-up: named as a difference, the closed arb hedged again, ledger == venue", async () => {
    const market = crossMarkets(sim)[0];
    if (market === undefined) throw new Error("no cross-venue market");
    const first = await createCrossRig(sim, market);
    sim.control.setPolymarketBook(market.noTokenId, { bids: [], asks: [] });
    sim.control.setKalshiBook(market.ticker, { yes: [], no: [] });
    sim.control.faultOrders("polymarket", { mode: "trade-failed", count: 1 });
    sim.control.setKalshiBook(market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("arb closed", () => first.kinds("arb.closed").length === 1, 6_000);
    const locked = first.kinds("arb.closed")[0]?.pnlMicros ?? 0;
    expect(locked).toBeGreaterThan(0);
    await first.stop();
    const account = () => sim.control.polymarketAccount(first.polyAddress);
    const tokens = () => account()?.tokens.find((t) => t.tokenId === market.yesTokenId)?.hundredths ?? 0;
    await waitFor("trade failed on chain", () => tokens() === 0, 5_000);

    // Depth to hedge with once the bot is back: Polymarket YES at 46.
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [], asks: [[4600, 1000]] });
    resumed = await createCrossRig(sim, market, { resume: first });
    const r = resumed;
    const differences = r.kinds("reconcile.differed").map((d) => d.difference);
    expect(differences).toContain("fill.taken-back");
    expect(r.kinds("fill.reversed")).toMatchObject([{ venue: "polymarket", sizeHundredths: 1000, priceUnits: 4500 }]);
    await waitFor("arb closed again", () => r.kinds("arb.closed").length === 1, 6_000);
    expect(
      r.ledger
        .fills()
        .filter((f) => f.venue === "polymarket")
        .map((f) => f.reversedMs !== undefined),
    ).toEqual([true, false]);
    // The hedge paid one cent more than the fill it replaced: the day keeps the arb once, one cent per contract less.
    const day = r.ledger.dailyPnl()[0]?.lockedProfitMicros ?? 0;
    expect(day).toBe(r.kinds("arb.closed")[0]?.pnlMicros);
    expect(day).toBeLessThan(locked);
    expect(r.ledger.expectedBalanceMicros("polymarket")).toBe(account()?.balanceMicros);
    expect(r.ledger.netPositions("polymarket").get(market.conditionId) ?? 0).toBe(tokens());
  });

  it("is reversed while the bot runs when the user channel never said so: the venue is asked once the word is overdue", async () => {
    const market = crossMarkets(sim)[1];
    if (market === undefined) throw new Error("no second cross-venue market");
    deaf = await createCrossRig(sim, market, { polymarketUserChannel: false, config: { execution: { settlementGraceMs: 500 } } });
    const r = deaf;
    sim.control.setPolymarketBook(market.noTokenId, { bids: [], asks: [] });
    sim.control.setKalshiBook(market.ticker, { yes: [], no: [] });
    sim.control.faultOrders("polymarket", { mode: "trade-failed", count: 1 });
    sim.control.setKalshiBook(market.ticker, { yes: [[5500, 1000]], no: [] });
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [], asks: [[4500, 1000]] });
    await waitFor("arb closed", () => r.kinds("arb.closed").length === 1, 6_000);
    // The trade fails 1.5 s after its match; only the venue's trade list says so. Depth to hedge with meanwhile.
    sim.control.setPolymarketBook(market.yesTokenId, { bids: [], asks: [[4600, 1000]] });
    await waitFor("fill taken back", () => r.kinds("fill.reversed").length === 1, 8_000);
    expect(r.kinds("reconcile.differed").map((d) => d.difference)).toEqual(["fill.taken-back"]);
    await waitFor("arb closed again", () => r.kinds("arb.closed").length === 2, 6_000);
    const account = sim.control.polymarketAccount(r.polyAddress);
    const tokens = account?.tokens.find((t) => t.tokenId === market.yesTokenId)?.hundredths ?? 0;
    expect(tokens).toBe(1000);
    expect(r.ledger.expectedBalanceMicros("polymarket")).toBe(account?.balanceMicros);
    expect(r.ledger.netPositions("polymarket").get(market.conditionId) ?? 0).toBe(tokens);
  });
});
