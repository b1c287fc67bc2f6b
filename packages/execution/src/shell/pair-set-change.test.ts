import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketSchedule } from "@arb/domain";
import type { OrderIntent } from "@arb/venues";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { PairSpecInput } from "../config.js";
import { createExecutionEngine } from "./engine.js";
import { Ledger } from "../ledger/sqlite.js";
import type { ExecVenue } from "../venue/port.js";
import { HAND_DRIVEN, stubVenue } from "../../test/stub-venue.js";

const dir = mkdtempSync(join(tmpdir(), "arb-pairset-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_780_000_000_000;

/** Books the test sets, by `venue:market:outcome` (asks of that outcome), and the orders the engine sends. */
function world() {
  const asks = new Map<string, number[]>();
  const sent: Array<{ venue: "kalshi" | "polymarket"; intent: OrderIntent }> = [];
  // Orders are captured and never answered by the venue; the test answers them as engine inputs would arrive.
  const venue = (v: "kalshi" | "polymarket"): ExecVenue =>
    stubVenue(v, (intent) => {
      sent.push({ venue: v, intent });
      return new Promise(() => {});
    });
  const depth = (v: "kalshi" | "polymarket") => ({ asks: (market: string, outcome: "yes" | "no") => asks.get(`${v}:${market}:${outcome}`) ?? [] });
  return {
    asks,
    sent,
    venues: { kalshi: { orders: venue("kalshi"), depth: depth("kalshi") }, polymarket: { orders: venue("polymarket"), depth: depth("polymarket") } },
  };
}

function engineOn(ledgerPath: string, pairs: PairSpecInput[], w: ReturnType<typeof world>) {
  const detection = createEngine();
  const k = detection.addSchedule(kalshiSchedule());
  const p = detection.addSchedule(polymarketSchedule(0, 1));
  for (const _ of pairs) detection.addPair(k, p);
  return createExecutionEngine({
    config: HAND_DRIVEN,
    pairs,
    detection,
    venues: w.venues,
    ledger: new Ledger({ path: ledgerPath }),
    logger: pino({ level: "silent" }),
    now: () => T0,
  });
}

const X = { eventId: "EV-X", kalshiMarket: "EV-X-A", polymarketMarket: "0xcx", eventMarkets: ["EV-X-A", "EV-X-B"] };
const Y = { eventId: "EV-Y", kalshiMarket: "EV-Y-A", polymarketMarket: "0xcy", eventMarkets: ["EV-Y-A", "EV-Y-B"] };

describe("positions survive a change of the pair set", () => {
  it("a restart with another numbering finds the holding on its market and hedges the exposed arb on the arb's own markets", async () => {
    const path = join(dir, "ledger.db");
    const w1 = world();
    const first = engineOn(
      path,
      [
        { pair: 0, ...X },
        { pair: 1, ...Y },
      ],
      w1,
    );
    await first.start();
    const top = (venue: "kalshi" | "polymarket", market: string) =>
      first.onVenueEvent({
        kind: "book.top-changed",
        venue,
        market,
        pair: 1,
        yesAskUnits: 0,
        yesAskHundredths: 0,
        noAskUnits: 0,
        noAskHundredths: 0,
        tsMs: T0,
      });
    w1.asks.set("kalshi:EV-Y-A:yes", [4500, 1000]);
    w1.asks.set("polymarket:0xcy:no", [4500, 1000]);
    top("kalshi", "EV-Y-A");
    top("polymarket", "0xcy");
    first.onVenueEvent({
      kind: "arb.detected",
      venue: "polymarket",
      pair: 1,
      type: "kalshi_yes_poly_no",
      edgeUnits: 900,
      edgeBps: 900,
      sizeHundredths: 1000,
      tsMs: T0,
    });
    const [kalshiOrder, polyOrder] = w1.sent;
    if (kalshiOrder === undefined || polyOrder === undefined) throw new Error("no orders sent");
    // Both books are gone when the answers come: Kalshi filled, Polymarket refused; nothing to hedge or sell to.
    w1.asks.clear();
    first.onVenueEvent({
      kind: "fill.received",
      venue: "kalshi",
      fill: {
        fillId: "k1",
        orderId: "K1",
        clientOrderId: kalshiOrder.intent.clientOrderId,
        market: "EV-Y-A",
        outcome: "yes",
        yesPriceUnits: 4500,
        sizeHundredths: 1000,
        isTaker: true,
        feeMicros: 180_000,
        tsMs: T0,
      },
    });
    first.onVenueEvent({
      kind: "order.updated",
      venue: "kalshi",
      order: {
        orderId: "K1",
        clientOrderId: kalshiOrder.intent.clientOrderId,
        market: "EV-Y-A",
        outcome: "yes",
        status: "executed",
        yesPriceUnits: 4500,
        initialHundredths: 1000,
        filledHundredths: 1000,
        remainingHundredths: 0,
      },
    });
    first.onVenueEvent({
      kind: "order.updated",
      venue: "polymarket",
      order: {
        orderId: "P1",
        clientOrderId: polyOrder.intent.clientOrderId,
        market: "0xcy",
        outcome: "no",
        status: "canceled",
        yesPriceUnits: 5500,
        initialHundredths: 1000,
        filledHundredths: 0,
        remainingHundredths: 0,
      },
    });
    expect(first.state.exposed.size).toBe(1);
    await first.close();

    // The next run trades Y alone, as pair 0: what is held, and the arb, go with the markets.
    const w2 = world();
    const second = engineOn(path, [{ pair: 0, ...Y }], w2);
    await second.start();
    expect([...second.state.holdings.keys()]).toEqual(["kalshi:EV-Y-A:yes"]);
    const arb = [...second.state.arbs.values()][0];
    expect(arb).toMatchObject({ pair: 0, eventId: "EV-Y", status: "exposed" });
    expect(second.state.exposure.byEvent.get("EV-Y")).toBe(4_680_000);
    // Depth returns on the hedge's market: the watched arb buys its missing NO there.
    w2.asks.set("polymarket:0xcy:no", [4600, 1000]);
    second.onVenueEvent({
      kind: "book.top-changed",
      venue: "polymarket",
      market: "0xcy",
      pair: 0,
      yesAskUnits: 0,
      yesAskHundredths: 0,
      noAskUnits: 0,
      noAskHundredths: 0,
      tsMs: T0,
    });
    // Re-planned once the frame that moved the book has been handled: a microtask later.
    expect(w2.sent).toEqual([]);
    await Promise.resolve();
    expect(
      w2.sent.map((s) => ({ venue: s.venue, market: s.intent.market, outcome: s.intent.outcome, action: s.intent.action, size: s.intent.sizeHundredths })),
    ).toEqual([{ venue: "polymarket", market: "0xcy", outcome: "no", action: "buy", size: 1000 }]);
    await second.close();
  });
});
