import { describe, expect, it } from "vitest";
import { type ExchangeEvent, netExchangeEvents } from "./kalshi.js";
import { type PolyEvent, netPolyEvents } from "./polymarket.js";

const T = "KXNBAGAME-26NOV25LALBOS-LAL";
const delta = (side: "bid" | "ask", priceUnits: number, deltaHundredths: number, clientOrderId?: string): ExchangeEvent => ({
  kind: "book.changed",
  ticker: T,
  side,
  priceUnits,
  deltaHundredths,
  tsMs: 7,
  ...(clientOrderId === undefined ? {} : { cause: { accountId: "a", clientOrderId } }),
});
const settled: ExchangeEvent = { kind: "account.settled", accountId: "a", ticker: T, payoutMicros: 0 };

describe("netting one step's level changes", () => {
  it("sends each level once with its net change, drops a level that ends where it began, decreases before increases", () => {
    const requote = [
      delta("bid", 4100, -2000),
      delta("ask", 5000, -1000),
      delta("bid", 4000, -500),
      delta("bid", 3900, 700),
      delta("bid", 4100, 2500),
      delta("ask", 5000, 600),
      delta("bid", 4000, 500),
    ];
    expect(netExchangeEvents(requote)).toEqual([delta("ask", 5000, -400), delta("bid", 4100, 500), delta("bid", 3900, 700)]);
  });

  it("keeps the other events where they were, the net changes where the first change was", () => {
    expect(netExchangeEvents([settled, delta("bid", 4000, 100), settled, delta("bid", 4000, 100)])).toEqual([settled, delta("bid", 4000, 200), settled]);
    expect(netExchangeEvents([settled])).toEqual([settled]);
  });

  it("a merged change names the order that caused it only when every part had the same one", () => {
    expect(netExchangeEvents([delta("ask", 5000, -100, "x"), delta("ask", 5000, -200, "x")])).toEqual([delta("ask", 5000, -300, "x")]);
    expect(netExchangeEvents([delta("ask", 5000, -100, "x"), delta("ask", 5000, -200, "y")])).toEqual([delta("ask", 5000, -300)]);
    expect(netExchangeEvents([delta("ask", 5000, -100, "x"), delta("ask", 5000, -200)])).toEqual([delta("ask", 5000, -300)]);
  });

  it("nets Polymarket's YES-space changes per market", () => {
    const p = (conditionId: string, priceUnits: number, deltaHundredths: number): PolyEvent => ({
      kind: "book.changed",
      conditionId,
      side: "bid",
      priceUnits,
      deltaHundredths,
      tsMs: 1,
    });
    expect(netPolyEvents([p("0xa", 4000, -100), p("0xb", 4000, 50), p("0xa", 4000, 100), p("0xb", 4000, -80)])).toEqual([p("0xb", 4000, -30)]);
  });
});
