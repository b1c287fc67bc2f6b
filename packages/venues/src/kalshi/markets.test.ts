import { fixtureJson } from "@arb/venue-fixtures";
import { describe, expect, it } from "vitest";
import { kalshiEventTicker, kalshiMarketLabel, parseKalshiTicker } from "./markets.js";

describe("Kalshi market tickers", () => {
  it("splits a game ticker into event, event code and outcome, and labels it without the date", () => {
    expect(parseKalshiTicker("KXNBAGAME-25NOV05LALSAS-LAL")).toEqual({ eventTicker: "KXNBAGAME-25NOV05LALSAS", eventCode: "25NOV05LALSAS", outcome: "LAL" });
    expect(kalshiEventTicker("KXEPLGAME-25DEC01ARSCHE-TIE")).toBe("KXEPLGAME-25DEC01ARSCHE");
    expect(kalshiMarketLabel("KXNBAGAME-25NOV05LALSAS-LAL")).toBe("LALSAS LAL");
  });

  it("gives the market of the venue's documented lifecycle example the event ticker printed beside it", () => {
    const frame = fixtureJson<{ msg: { market_ticker: string; additional_metadata: { event_ticker: string } } }>("kalshi", "ws", "market_lifecycle_v2.json");
    expect(kalshiEventTicker(frame.msg.market_ticker)).toBe(frame.msg.additional_metadata.event_ticker);
    expect(parseKalshiTicker(frame.msg.market_ticker)).toEqual({ eventTicker: "INXD-23SEP14", eventCode: "23SEP14", outcome: "B4487" });
  });

  it("labels a dated event code without its date and keeps one without a date whole", () => {
    expect(kalshiMarketLabel("HIGHNY-24JAN01-T60")).toBe(" T60");
    expect(kalshiMarketLabel("FED-23DEC-T3.00")).toBe("23DEC T3.00");
  });
});
