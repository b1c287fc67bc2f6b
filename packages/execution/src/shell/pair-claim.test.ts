import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "@arb/core-wasm";
import { type ArbType, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import type { OrderIntent } from "@arb/venues";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { ExecutionEvent } from "../events.js";
import { Ledger } from "../ledger/sqlite.js";
import type { ExecVenue } from "../venue/port.js";
import { HAND_DRIVEN, showBooksAt45, stubVenue } from "../../test/stub-venue.js";
import { createExecutionEngine } from "./engine.js";

const dir = mkdtempSync(join(tmpdir(), "arb-claim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_780_000_000_000;

/**
 * The step only reads whether a pair is free; the shell takes the slot (`pair.claim`) in the same synchronous run,
 * before the step's orders go out. Two opportunities on one pair decided in one frame: the second reads it taken.
 */
describe("the in-flight claim is a command the shell applies before sending", () => {
  it("two opportunities on the same pair in one frame never both place orders", async () => {
    const detection = createEngine();
    const k = detection.addSchedule(kalshiSchedule());
    const p = detection.addSchedule(polymarketSchedule(0, 1));
    detection.addPair(k, p);
    const sent: Array<{ venue: string; intent: OrderIntent; claimed: boolean }> = [];
    const venue = (v: "kalshi" | "polymarket"): ExecVenue =>
      stubVenue(v, (intent) => {
        sent.push({ venue: v, intent, claimed: detection.isInFlight(0) });
        return new Promise(() => {});
      });
    // Every side of both books shows 10 contracts at 45¢: both cross-venue arb types are there, on four distinct
    // book sides, so the book claims do not stop the second one; only the pair's in-flight slot can.
    const depth = { asks: () => [4500, 1_000] };
    const engine = createExecutionEngine({
      config: HAND_DRIVEN,
      pairs: [{ pair: 0, eventId: "EV", kalshiMarket: "EV-A", polymarketMarket: "0xc" }],
      detection,
      venues: { kalshi: { orders: venue("kalshi"), depth }, polymarket: { orders: venue("polymarket"), depth } },
      ledger: new Ledger({ path: join(dir, "ledger.db") }),
      logger: pino({ level: "silent" }),
      now: () => T0,
    });
    await engine.start();
    const events: ExecutionEvent[] = [];
    engine.subscribe((e) => events.push(e));
    const detected = (type: ArbType) =>
      engine.onVenueEvent({ kind: "arb.detected", venue: "kalshi", pair: 0, type, edgeUnits: 1000, edgeBps: 1000, sizeHundredths: 1000, tsMs: T0 });
    showBooksAt45(engine, T0);
    // One frame: both reported back to back, with no turn of the event loop between them.
    detected("kalshi_yes_poly_no");
    detected("poly_yes_kalshi_no");

    expect(events.filter((e) => e.kind === "arb.started")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "opportunity.rejected").map((e) => e.kind === "opportunity.rejected" && e.reason)).toEqual(["PAIR_IN_FLIGHT"]);
    expect(sent.map((s) => s.venue).sort()).toEqual(["kalshi", "polymarket"]);
    expect(new Set(sent.map((s) => s.intent.clientOrderId.split("-").slice(0, -1).join("-"))).size).toBe(1);
    // The slot was taken before either order was handed to its venue.
    expect(sent.every((s) => s.claimed)).toBe(true);
    await engine.close();
  });
});
