import { kalshiTradeFeeMicros } from "@arb/domain";
import { fixtureJson } from "@arb/venue-fixtures";
import { afterEach, describe, expect, it } from "vitest";
import type { Sim } from "../src/index.js";
import { type Json, type Trader, WsClient, kalshi, newTrader, quietSim, waitFor } from "./helpers.js";
import { KalshiWsFrame } from "./kalshi-ws-schemas.js";

let sim: Sim;
const sockets: WsClient[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
});

/** Buys 10 YES at $0.50 against the makers and returns the fill's fee (a direct member: no rounding to the cent). */
async function takerFee(t: Trader, ticker: string): Promise<number> {
  sim.control.setKalshiBook(ticker, { yes: [], no: [[5000, 100_000]] });
  const r = await kalshi(sim, t, "POST", "/portfolio/events/orders", {
    ticker,
    side: "bid",
    count: "10",
    price: "0.5000",
    time_in_force: "immediate_or_cancel",
    self_trade_prevention_type: "taker_at_cross",
  });
  expect(r.json.fill_count).toBe("10.00");
  return sim.control.account(t.accountId)?.fills.find((f) => f.orderId === r.json.order_id)?.feeMicros ?? -1;
}

describe("Kalshi event fee overrides", () => {
  it("set: event_fee_update to market_lifecycle_v2 subscribers and the event's fills pay the override; cleared: null fields and the series' fee again", async () => {
    sim = await quietSim();
    const [game, other] = sim.control.markets().games;
    const eventTicker = game?.kalshi.eventTicker ?? "";
    const ticker = game?.kalshi.markets[0]?.ticker ?? "";
    const elsewhere = other?.kalshi.markets[0]?.ticker ?? "";
    const alice = newTrader(sim, 1_000_000_000, true);
    const c = await WsClient.connect(sim, alice);
    sockets.push(c);
    c.send({ id: 1, cmd: "subscribe", params: { channels: ["market_lifecycle_v2"] } });
    const { msg: ack } = await c.next((f) => f.type === "subscribed");
    const updates = (): Json[] => c.frames.filter((f) => f.type === "event_fee_update");

    expect(await takerFee(alice, ticker)).toBe(kalshiTradeFeeMicros(1000, 5000, 70_000));
    expect(sim.control.setEventFee(eventTicker, { feeType: "quadratic", multiplier: 2 })).toEqual({ takerRatePpm: 140_000, makerRatePpm: 0 });
    const set = await c.next((f) => f.type === "event_fee_update");
    const documented = fixtureJson("kalshi", "ws", "event_fee_update.json") as Json;
    expect(set).toEqual({ ...documented, sid: ack.sid, msg: { event_ticker: eventTicker, fee_type_override: "quadratic", fee_multiplier_override: 2 } });
    expect(KalshiWsFrame.safeParse(set).error).toBeUndefined();
    // 0.14 × 10 × 0.5 × 0.5 = $0.35 on the event's market; the other event keeps 0.07 × 10 × 0.25 = $0.175.
    expect(await takerFee(alice, ticker)).toBe(350_000);
    expect(await takerFee(alice, elsewhere)).toBe(175_000);

    expect(sim.control.setEventFee(eventTicker, { feeType: null, multiplier: null })).toEqual({ takerRatePpm: 70_000, makerRatePpm: 0 });
    await waitFor(() => updates().length === 2);
    expect(updates()[1]).toEqual({
      type: "event_fee_update",
      sid: ack.sid,
      msg: { event_ticker: eventTicker, fee_type_override: null, fee_multiplier_override: null },
    });
    expect(await takerFee(alice, ticker)).toBe(175_000);
    expect(
      sim.control
        .events()
        .filter((e) => e.kind === "event-fee.changed")
        .map((e) => [e["feeType"], e["multiplierMillionths"], e["takerRatePpm"]]),
    ).toEqual([
      ["quadratic", 2_000_000, 140_000],
      [null, null, 70_000],
    ]);
  });

  it("the admin route sets and refuses like the control API; a scenario sets one on its timeline", async () => {
    let now = 1_800_000_000_000;
    sim = await quietSim(
      { clock: () => now },
      { kalshi: { makerRatePpm: 17_500 }, timeline: [{ kind: "event-fee.set", atMs: 500, game: 1, feeType: "quadratic_with_maker_fees", multiplier: 0.5 }] },
    );
    const [game, second] = sim.control.markets().games;
    const eventTicker = game?.kalshi.eventTicker ?? "";
    const put = (body: unknown, event = eventTicker) =>
      fetch(`${sim.urls.admin}/kalshi/events/${event}/fee`, { method: "PUT", body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as Json,
      }));
    expect(await put({ feeType: "quadratic_with_maker_fees", multiplier: 1.5 })).toEqual({
      status: 200,
      json: { takerRatePpm: 105_000, makerRatePpm: 26_250 },
    });
    expect((await put({ feeType: "flat", multiplier: 1 })).json.error.message).toMatch(/^feeType: flat fees are not simulated/);
    expect((await put({ feeType: "quadratic", multiplier: null })).status).toBe(400);
    expect((await put({ feeType: null, multiplier: null }, "KXNOPE-26NOV25AAABBB")).json.error.message).toBe("no Kalshi event KXNOPE-26NOV25AAABBB");
    now += 500;
    sim.control.markets();
    expect(
      sim.control
        .events()
        .filter((e) => e.kind === "event-fee.changed")
        .at(-1),
    ).toMatchObject({ eventTicker: second?.kalshi.eventTicker, feeType: "quadratic_with_maker_fees", takerRatePpm: 35_000, makerRatePpm: 8750 });
  });
});
