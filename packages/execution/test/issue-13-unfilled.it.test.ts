import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { polymarketDepth, polymarketExecVenue } from "../src/venue/polymarket.js";
import type { ExecVenue } from "../src/venue/port.js";
import { type CrossMarket, type CrossRig, createCrossRig, crossMarkets } from "./cross-rig.js";
import { waitFor } from "./harness.js";

/**
 * Issue 13: a FOK the venue kills because the book cannot fill it is a normal outcome, not an error. Both rigs trade
 * poly_same_market arbs (two Polymarket FOKs each) through the real client against the simulator, with the breaker
 * tripping at 3 consecutive errors; 4 arbs are 8 orders. In one rig another trader takes the book between the
 * decision and the send, so every FOK is killed; in the other the venue refuses every order.
 */
const MAX_ERRORS = 3;
const ARBS = 4;

let sim: Sim;
let markets: CrossMarket[];
const rigs: CrossRig[] = [];

beforeAll(async () => {
  const scenario = {
    name: "execution-unfilled",
    seed: 13,
    tickMs: 20,
    games: { count: 2, leagues: ["NBA"] },
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

const emptyBook = { bids: [], asks: [] };

/** The Polymarket venue with the market's book emptied at the venue just before each order goes out. */
function outrunBeforeEachSend(inner: ExecVenue, market: CrossMarket): ExecVenue {
  return {
    ...inner,
    identify(intent) {
      const r = inner.identify?.(intent);
      if (r === undefined || !r.ok) return r ?? { ok: false, error: { venue: "polymarket", code: "NO_IDENTIFY", outcome: "rejected", message: "no identify" } };
      const order = r.value;
      return {
        ok: true,
        value: {
          venueOrderId: order.venueOrderId,
          send: (onReplaced) => {
            sim.control.setPolymarketBook(market.yesTokenId, emptyBook);
            return order.send(onReplaced);
          },
        },
      };
    },
  };
}

async function rig(outrun: boolean): Promise<CrossRig> {
  const m = markets[rigs.length];
  if (m === undefined) throw new Error("out of cross-venue markets");
  const r = await createCrossRig(sim, m, {
    config: { breaker: { maxConsecutiveErrors: MAX_ERRORS } },
    ...(outrun && {
      polymarketVenue: (poly) => ({
        orders: outrunBeforeEachSend(polymarketExecVenue(poly.exec), m),
        depth: polymarketDepth(poly.marketData),
      }),
    }),
  });
  rigs.push(r);
  return r;
}

/** Empties the market's books (and waits until the rig's clients see it), then shows one same-market arb:
 *  YES ask 44¢ and NO ask 1 − 58¢ = 42¢ on the Polymarket book. */
async function showArb(r: CrossRig): Promise<void> {
  const m = r.market;
  sim.control.setKalshiBook(m.ticker, { yes: [], no: [] });
  sim.control.setPolymarketBook(m.yesTokenId, emptyBook);
  await waitFor("books cleared", () => {
    const y = r.poly.marketData.feed.book(m.yesTokenId);
    return y?.asks.count === 0 && y.bids.count === 0;
  });
  sim.control.setPolymarketBook(m.yesTokenId, { bids: [[5800, 1000]], asks: [[4400, 1000]] });
}

/** Shows arbs one after the other until `ARBS` have closed or the breaker trips. */
async function tradeArbs(r: CrossRig): Promise<void> {
  for (let i = 1; i <= ARBS && r.kinds("breaker.tripped").length === 0; i++) {
    await showArb(r);
    await waitFor(`arb ${i} closed or the breaker tripped`, () => r.kinds("arb.closed").length === i || r.kinds("breaker.tripped").length > 0);
  }
}

describe("an unfilled FOK is not an error (issue 13)", () => {
  it(`${ARBS * 2} killed FOKs in a row do not trip the breaker; each expires with nothing filled`, async () => {
    const r = await rig(true);
    await tradeArbs(r);
    expect(r.kinds("breaker.tripped")).toEqual([]);
    expect(r.engine.state.breaker).toMatchObject({ tripped: undefined, consecutiveErrors: 0 });
    expect(r.kinds("arb.started").map((a) => a.type)).toEqual(Array(ARBS).fill("poly_same_market"));
    expect(r.kinds("arb.closed").map((a) => a.matchedHundredths)).toEqual(Array(ARBS).fill(0));
    const orders = r.ledger.orders();
    expect(orders.map((o) => `${o.venue}:${o.status}:${o.filledHundredths}`)).toEqual(Array(ARBS * 2).fill("polymarket:expired:0"));
    // Each order kept the id committed before its send: the killed order's answer binds no other id.
    for (const o of orders) expect(o.venueOrderId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(r.ledger.alerts()).toEqual([]);
  });

  it(`${MAX_ERRORS} real rejects in a row do trip it`, async () => {
    const r = await rig(false);
    sim.control.faultOrders("polymarket", { mode: "reject", count: ARBS * 2 });
    await tradeArbs(r);
    expect(r.kinds("breaker.tripped")).toMatchObject([{ reason: "CONSECUTIVE_ERRORS", detail: `${MAX_ERRORS} errors in a row` }]);
    expect(r.ledger.orders().filter((o) => o.status === "rejected").length).toBeGreaterThanOrEqual(MAX_ERRORS);
  });
});
