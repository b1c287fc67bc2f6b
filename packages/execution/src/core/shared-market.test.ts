import { polymarketMarketKey } from "@arb/venues";
import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { type Game, type Holdings, addToHolding, gameMetrics, gamesOf, holdingOf, pairView } from "./holdings.js";
import { type Command, stepContext } from "./state.js";
import { createExecState, step } from "./dispatch.js";

// Two Kalshi team markets on one Polymarket moneyline: the LAL pair trades the market as listed, the BOS pair under
// its inverted key (its YES is the market's second token).
const T0 = 1_780_000_000_000;
const COND = "0xcond";
const INV = polymarketMarketKey(COND, true);
const pairs = new Map([
  [0, PairSpec.parse({ pair: 0, eventId: "game", kalshiMarket: "K-LAL", polymarketMarket: COND })],
  [1, PairSpec.parse({ pair: 1, eventId: "game", kalshiMarket: "K-BOS", polymarketMarket: INV })],
]);
const ctx = (maxExposureMarketMicros: number) =>
  stepContext(
    ExecutionConfig.parse({ risk: { minFillProbabilityPpm: 0, maxExposureMarketMicros, maxOrderHundredths: 1000 } }),
    pairs,
    (_v, _m, outcome) => (outcome === "yes" ? [4400, 1000] : [4200, 1000]),
    () => ({ tsMs: T0, stale: false }),
    () => true,
  );
const placed = (cs: Command[]) => cs.flatMap((c) => (c.kind === "order.place" ? [c.intent] : []));

describe("two pairs on one Polymarket market", () => {
  it("a fill books on the order's pair and leg, whatever outcome the venue names in its own orientation", () => {
    const state = createExecState("r", T0);
    const c = ctx(1e12);
    const [kalshiYes, polyNo] = placed(step(state, { kind: "opportunity.detected", pair: 1, type: "kalshi_yes_poly_no" }, c, T0));
    if (kalshiYes === undefined || polyNo === undefined) throw new Error("no orders");
    expect(polyNo.market).toBe(INV);
    // The pair's NO is the market's first ("yes") token: the venue reports the fill as that token, a YES at 0.42.
    const fill = {
      fillId: "t1",
      orderId: "0x1",
      market: COND,
      outcome: "yes" as const,
      yesPriceUnits: 4200,
      sizeHundredths: 1000,
      isTaker: true,
      feeMicros: 0,
    };
    step(state, { kind: "order.identified", clientOrderId: polyNo.clientOrderId, venueOrderId: "0x1" }, c, T0);
    const out = step(state, { kind: "fill.observed", venue: "polymarket", fill }, c, T0 + 1);
    const row = out.flatMap((x) => (x.kind === "ledger.write" && x.write.kind === "fill" ? [x.write.row] : []))[0];
    expect(row).toMatchObject({ pair: 1, leg: 3, market: INV, priceUnits: 4200, sizeHundredths: 1000 });
    // Held as the market's first token, whichever pair bought it: both pairs' views see it, each on its own leg.
    expect(state.holdings.get(`polymarket:${COND}:yes`)).toMatchObject({ contractsHundredths: 1000, costMicros: 4_200_000 });
    expect(pairView(state.holdings, pairs.get(1) as PairSpec).legs[3]).toMatchObject({ contractsHundredths: 1000 });
    expect(pairView(state.holdings, pairs.get(0) as PairSpec).legs[2]).toMatchObject({ contractsHundredths: 1000 });
    expect(state.exposure.byMarket.get(COND)).toBe(4_200_000);
    expect(state.exposure.byMarket.has(INV)).toBe(false);
  });

  it("the per-market exposure limit counts both pairs' holdings of the market together", () => {
    const state = createExecState("r", T0);
    // 10 NO contracts at 0.42 cost $4.20 of a $5 budget in the Polymarket market; the other pair's $2 there leaves too little.
    const c = ctx(5_000_000);
    state.exposure.byMarket.set(COND, 2_000_000);
    const refused = step(state, { kind: "opportunity.detected", pair: 1, type: "kalshi_yes_poly_no" }, c, T0);
    expect(refused).toContainEqual({
      kind: "event.emit",
      event: expect.objectContaining({ kind: "opportunity.rejected", pair: 1, reason: "EXPOSURE_MARKET" }),
    });
    state.exposure.byMarket.set(COND, 0);
    expect(placed(step(state, { kind: "opportunity.detected", pair: 1, type: "kalshi_yes_poly_no" }, c, T0))).toHaveLength(2);
  });

  it("the game's guaranteed P&L counts both pairs' holdings: a hedge held through the sibling pair closes the game", () => {
    const { games } = gamesOf(pairs.values());
    const game = games.get("game") as Game;
    const h: Holdings = new Map();
    // LAL YES on Kalshi at 0.45, and the hedge bought through the BOS pair: BOS YES on Polymarket (the market's second token) at 0.52.
    addToHolding(h, holdingOf("kalshi", "K-LAL", "yes"), 4500, 1000, 0);
    addToHolding(h, holdingOf("polymarket", INV, "yes"), 5200, 1000, 0);
    // Two-way game, both teams' markets known: LAL wins → Kalshi pays; BOS wins → Polymarket pays. The "other" outcome
    // of an incomplete event list would make this look like a total loss.
    expect(gameMetrics(h, { ...game, outcomes: ["K-LAL", "K-BOS"] })).toMatchObject({ costMicros: 9_700_000, guaranteedMicros: 300_000, exposureMicros: 0 });
    expect(gameMetrics(h, game).guaranteedMicros).toBe(-9_700_000);
  });
});
