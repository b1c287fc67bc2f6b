import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createExecutionEngine } from "./engine.js";
import type { ExecutionEvent } from "./events.js";
import { Ledger } from "./ledger/sqlite.js";
import type { ExecVenue } from "./venue/port.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("opportunities shown by one frame", () => {
  it("are decided together once it is applied, the most profitable first, so a window's own pair beats its twin to a shared book", async () => {
    const dir = mkdtempSync(join(tmpdir(), "arb-decide-"));
    dirs.push(dir);
    const detection = createEngine();
    const k = detection.addSchedule(kalshiSchedule());
    const p = detection.addSchedule(polymarketSchedule(0, 1));
    const twin = detection.addPair(k, p);
    const own = detection.addPair(k, p);
    const events: ExecutionEvent[] = [];
    // Both pairs buy the Polymarket market's second token: the twin as its YES under the inverted key, the window's
    // own pair as its NO. The book holds 10 contracts for one arb.
    const asks = (venue: string, market: string) => (venue === "polymarket" ? [4000, 1_000] : market === "K-OWN" ? [5000, 1_000] : [5600, 1_000]);
    const depth = (venue: "kalshi" | "polymarket") => ({ asks: (market: string) => asks(venue, market) });
    // Orders go nowhere (never answered): this is about which arb the engine starts, not how it trades.
    const silent = (venue: "kalshi" | "polymarket") =>
      ({ venue, exec: { venue, placeOrder: () => new Promise(() => {}) }, findOrder: () => new Promise(() => {}), fillsOf: () => new Promise(() => {}) }) as unknown as ExecVenue;
    const engine = createExecutionEngine({
      config: { risk: { minFillProbabilityPpm: 0, allowAfterGameStart: true, maxBookAgeMs: 1e12 }, execution: { keepWarmMs: 0, warmupRounds: 0 } },
      pairs: [
        { pair: twin, eventId: "E", kalshiMarket: "K-TWIN", polymarketMarket: "0xc:inverted" },
        { pair: own, eventId: "E", kalshiMarket: "K-OWN", polymarketMarket: "0xc" },
      ],
      detection,
      venues: { kalshi: { exec: silent("kalshi"), depth: depth("kalshi") }, polymarket: { exec: silent("polymarket"), depth: depth("polymarket") } },
      ledger: new Ledger({ path: join(dir, "ledger.db") }),
      logger: pino({ level: "silent" }),
      now: () => 1_780_000_000_000,
    });
    engine.subscribe((e) => events.push(e));
    for (const m of ["K-TWIN", "K-OWN", "0xc", "0xc:inverted"]) engine.onVenueEvent({ kind: "book.top-changed", venue: m.startsWith("K") ? "kalshi" : "polymarket", market: m, pair: 0, yesAskUnits: 0, yesAskHundredths: 0, noAskUnits: 0, noAskHundredths: 0, tsMs: 1_780_000_000_000 });
    // The twin's opportunity is reported first, with 4 ¢ of edge; the window's own pair's follows with 10 ¢.
    engine.onVenueEvent({ kind: "arb.detected", venue: "polymarket", pair: twin, type: "poly_yes_kalshi_no", edgeUnits: 400, edgeBps: 400, sizeHundredths: 1_000, tsMs: 0 });
    engine.onVenueEvent({ kind: "arb.detected", venue: "polymarket", pair: own, type: "kalshi_yes_poly_no", edgeUnits: 1_000, edgeBps: 1_000, sizeHundredths: 1_000, tsMs: 0 });
    expect(events.filter((e) => e.kind === "arb.started")).toEqual([]);
    await Promise.resolve();
    expect(events.filter((e) => e.kind === "arb.started").map((e) => e.pair)).toEqual([own]);
    expect(events.find((e) => e.kind === "opportunity.rejected")).toMatchObject({ pair: twin, reason: "BOOK_CLAIMED" });
    await engine.close();
  });
});
