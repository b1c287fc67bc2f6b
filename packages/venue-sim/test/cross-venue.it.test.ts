import { ARB_TYPES, decimalToInt, kalshiSchedule, perContractFeeUnits, polymarketSchedule } from "@arb/domain";
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
  it.each(ARB_TYPES)("%s: both legs are the top of their books, the edge after each venue's taker fees is at least the asked one, and it closes on time", async (kind) => {
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
      const pm = sim.control.markets().games.flatMap((g) => g.polymarket.markets).find((m) => m.conditionId === w.conditionId);
      const [a, b] = await Promise.all((pm?.outcomes ?? []).map(async (o) => decimalUnits((await clob(sim, undefined, "GET", `/book?token_id=${o.tokenId}`)).json.asks.at(-1)?.price ?? "1")));
      expect((a ?? 0) + (b ?? 0)).toBeGreaterThan(10_000);
      expect(w.ticker).not.toBe("");
      expect(w.conditionId).not.toBe("");
    }
    const opened = sim.control.events().find((e) => e.kind === "arb.window-opened");
    expect(opened).toMatchObject({ window: { windowId: w.windowId, kind, ticker: w.ticker, conditionId: w.conditionId } });
    now += 2500;
    sim.control.markets();
    expect(sim.control.events().some((e) => e.kind === "arb.window-closed" && (e["window"] as ArbWindow).windowId === w.windowId)).toBe(true);
    const after = [await askOf(yes), await askOf(no)] as const;
    expect(10_000 - after[0] - after[1] - fee({ ...yes, askUnits: after[0] }) - fee({ ...no, askUnits: after[1] })).toBeLessThan(0);
  });
});
