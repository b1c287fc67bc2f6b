import { ARB_TYPES, decimalToInt, kalshiOrderFeeMicros, kalshiSchedule, perContractFeeUnits, polymarketOrderFeeMicros, polymarketSchedule } from "@arb/domain";
import { afterEach, describe, expect, it } from "vitest";
import { type ArbWindow, type Sim, parseScenario, startSim } from "../src/index.js";
import { kalshi } from "./helpers.js";
import { clob, polyScenario } from "./polymarket-helpers.js";

let sim: Sim;
afterEach(() => sim.close());

const decimalUnits = (text: string): number => decimalToInt(text, 4) ?? Number.NaN;

/** The ask a taker would lift for one leg, read back from the venue's own public endpoint. */
async function askOf(leg: ArbWindow["legs"][number]): Promise<number> {
  if (leg.venue === "kalshi") {
    const m = (await kalshi(sim, undefined, "GET", `/markets/${leg.market}`)).json.market;
    return decimalUnits(leg.outcome === "yes" ? m.yes_ask_dollars : m.no_ask_dollars);
  }
  const book = (await clob(sim, undefined, "GET", `/book?token_id=${leg.tokenId}`)).json;
  return decimalUnits(book.asks.at(-1).price);
}

describe("injected arbitrage windows", () => {
  it.each(ARB_TYPES)(
    "%s: both legs are the top of their books, the edge after each venue's taker fees is at least the asked one, and it closes on time",
    async (kind) => {
      let now = 1_800_000_000_000;
      sim = await startSim({ scenario: parseScenario(polyScenario({ marketMakers: { enabled: true, levels: 3 } })), clock: () => now });
      sim.control.markets();
      const w = sim.control.injectArb({ kind, edgeBps: 150, sizeHundredths: 700, durationMs: 2000 });
      expect(w.kind).toBe(kind);
      const [yes, no] = w.legs;
      expect([await askOf(yes), await askOf(no)]).toEqual([w.yesAskUnits, w.noAskUnits]);
      const fee = (leg: ArbWindow["legs"][number]) => {
        if (leg.venue === "kalshi") return perContractFeeUnits(kalshiSchedule(70_000), leg.askUnits);
        return perContractFeeUnits(polymarketSchedule(50_000, 1), leg.askUnits);
      };
      expect(10_000 - yes.askUnits - no.askUnits - fee(yes) - fee(no)).toBe(w.edgeUnits);
      expect(w.edgeUnits).toBeGreaterThanOrEqual(150);
      if (w.venue === "cross") {
        // Only the asked pair is mispriced: the Polymarket market alone sums to more than $1.
        const pm = sim.control
          .markets()
          .games.flatMap((g) => g.polymarket.markets)
          .find((m) => m.conditionId === w.conditionId);
        const [a, b] = await Promise.all(
          (pm?.outcomes ?? []).map(async (o) =>
            decimalUnits((await clob(sim, undefined, "GET", `/book?token_id=${o.tokenId}`)).json.asks.at(-1)?.price ?? "1"),
          ),
        );
        expect((a ?? 0) + (b ?? 0)).toBeGreaterThan(10_000);
        expect(w.ticker).not.toBe("");
        expect(w.conditionId).not.toBe("");
      }
      // The profit a perfect taker locks: 7 pairs pay $7, less both asks and each venue's exact fee for the order.
      const orderFee = (leg: ArbWindow["legs"][number]) =>
        leg.venue === "kalshi" ? kalshiOrderFeeMicros(700, leg.askUnits, 70_000) : polymarketOrderFeeMicros(700, leg.askUnits, 50_000, 1);
      expect(w.theoreticalProfitMicros).toBe(7_000_000 - 700 * (yes.askUnits + no.askUnits) - orderFee(yes) - orderFee(no));
      const opened = sim.control.events().find((e) => e.kind === "arb.window-opened");
      expect(opened).toMatchObject({
        window: {
          windowId: w.windowId,
          kind,
          ticker: w.ticker,
          conditionId: w.conditionId,
          legs: w.legs,
          sizeHundredths: 700,
          edgeUnits: w.edgeUnits,
          theoreticalProfitMicros: w.theoreticalProfitMicros,
        },
      });
      now += 2500;
      sim.control.markets();
      expect(sim.control.events().some((e) => e.kind === "arb.window-closed" && (e["window"] as ArbWindow).windowId === w.windowId)).toBe(true);
      const after = [await askOf(yes), await askOf(no)] as const;
      expect(10_000 - after[0] - after[1] - fee({ ...yes, askUnits: after[0] }) - fee({ ...no, askUnits: after[1] })).toBeLessThan(0);
    },
  );

  it("a window's theoretical profit in the event log, worked by hand", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario()) });
    const pair = sim.control.markets().games.find((g) => !g.polymarket.negRisk)?.kalshi.markets[0];
    const ticker = pair?.ticker ?? "";
    // YES bid $0.49, NO bid $0.49 (a YES ask at $0.51): the window's Kalshi YES ask goes at the centre, $0.50.
    sim.control.setKalshiBook(ticker, { yes: [[4900, 1000]], no: [[4900, 1000]] });
    const w = sim.control.injectArb({ kind: "kalshi_yes_poly_no", ticker, edgeBps: 150, sizeHundredths: 1000, durationMs: 1000 });
    // Polymarket's NO ask: from $0.48 down, the first with an edge ≥ 150 after the per-contract fees ($0.0175 on
    // Kalshi, ⌈0.05 × p(1−p)⌉ on Polymarket) is $0.45: 1 − 0.50 − 0.45 − 0.0175 − 0.0124 = 201 bps.
    expect(w.legs.map((l) => [l.venue, l.outcome, l.askUnits])).toEqual([
      ["kalshi", "yes", 5000],
      ["polymarket", "no", 4500],
    ]);
    expect(w.legs[1].tokenId).toBe(pair?.polymarket?.noTokenId);
    expect(w.edgeUnits).toBe(201);
    // 10 pairs: $10 − $5.00 − $4.50, less Kalshi's 0.07 × 10 × 0.25 = $0.175 → $0.18 (the order's cost rounds up
    // to the cent) and Polymarket's 10 × 0.05 × 0.45 × 0.55 = $0.12375: $0.19625.
    expect(w.theoreticalProfitMicros).toBe(196_250);
    expect(sim.control.events().find((e) => e.kind === "arb.window-opened")?.["window"]).toMatchObject({
      kind: "kalshi_yes_poly_no",
      sizeHundredths: 1000,
      edgeUnits: 201,
      theoreticalProfitMicros: 196_250,
    });
  });
});
