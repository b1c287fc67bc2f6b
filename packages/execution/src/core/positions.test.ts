import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "../ledger/sqlite.js";
import { polymarketMarketKey } from "@arb/venues";
import { type Holdings, addToHolding, holdingOf } from "./holdings.js";
import { type PairPosition, applyFill, computePairMetrics, computeSettlementMicros, flatPair, isYesLeg } from "./positions.js";

describe("positions", () => {
  it("guaranteed profit = matched × $1 − total cost; exposure is the unmatched side", () => {
    let p: PairPosition = flatPair(3);
    p = applyFill(p, { pair: 3, leg: 0, priceUnits: 4500, sizeHundredths: 1000, feeMicros: 180_000 });
    p = applyFill(p, { pair: 3, leg: 3, priceUnits: 4400, sizeHundredths: 600, feeMicros: 0 });
    const m = computePairMetrics(p);
    expect(m).toMatchObject({ yesHundredths: 1000, noHundredths: 600, matchedHundredths: 600, unmatchedHundredths: 400, unmatchedOutcome: "yes" });
    expect(m.guaranteedProfitMicros).toBe(600 * 10_000 - (4_680_000 + 2_640_000));
    expect(m.unmatchedCostMicros).toBe(Math.floor((4_680_000 * 400) / 1000));
    expect(computeSettlementMicros(p, "yes")).toBe(1000 * 10_000 - 7_320_000);
  });

  it("random fill outcomes: the tracker's holdings always equal the ledger's and a recomputation from its fills", () => {
    // Four pairs: each its own Kalshi market, two by two on one Polymarket market (odd pairs under the inverted key).
    const fill = fc.record({
      pair: fc.integer({ min: 0, max: 3 }),
      leg: fc.integer({ min: 0, max: 3 }),
      priceUnits: fc.integer({ min: 1, max: 9999 }),
      sizeHundredths: fc.integer({ min: 1, max: 100_000 }),
      feeMicros: fc.integer({ min: 0, max: 50_000 }),
      duplicate: fc.boolean(),
    });
    const where = (pair: number, leg: number) =>
      leg < 2
        ? { venue: "kalshi" as const, market: `K${pair}` }
        : { venue: "polymarket" as const, market: polymarketMarketKey(`0xc${pair >> 1}`, pair % 2 === 1) };
    const keyOf = (leg: number, market: string, venue: "kalshi" | "polymarket") => holdingOf(venue, market, isYesLeg(leg) ? "yes" : "no");
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 40 }), (fills) => {
        const dir = mkdtempSync(join(tmpdir(), "arb-pos-"));
        const ledger = new Ledger({ path: join(dir, "l.db") });
        try {
          const tracker: Holdings = new Map();
          const seen = new Set<string>();
          fills.forEach((f, i) => {
            // A duplicate redelivers the previous fill's id: both sides must book it once.
            const id = f.duplicate && i > 0 ? `f${i - 1}` : `f${i}`;
            const row = fills[f.duplicate && i > 0 ? i - 1 : i] ?? f;
            const { venue, market } = where(row.pair, row.leg);
            ledger.apply([
              {
                kind: "fill",
                row: {
                  venue,
                  fillId: id,
                  clientOrderId: "c",
                  venueOrderId: "o",
                  market,
                  pair: row.pair,
                  leg: row.leg,
                  priceUnits: row.priceUnits,
                  sizeHundredths: row.sizeHundredths,
                  feeMicros: row.feeMicros,
                  cashMicros: 0,
                  isTaker: true,
                  tsMs: i,
                },
              },
            ]);
            if (seen.has(`${venue}:${id}`)) return;
            seen.add(`${venue}:${id}`);
            addToHolding(tracker, keyOf(row.leg, market, venue), row.priceUnits, row.sizeHundredths, row.feeMicros);
          });
          const recomputed: Holdings = new Map();
          for (const f of ledger.fills()) addToHolding(recomputed, keyOf(f.leg, f.market, f.venue), f.priceUnits, f.sizeHundredths, f.feeMicros);
          const stored: Holdings = new Map(
            ledger
              .holdings()
              .map((h) => [
                `${h.venue}:${h.market}:${h.side}`,
                { contractsHundredths: h.contractsHundredths, costMicros: h.costMicros, feesMicros: h.feesMicros },
              ]),
          );
          expect(recomputed).toEqual(tracker);
          expect(stored).toEqual(tracker);
          // Holdings are named in the venue's orientation: no pair's market key (inverted or not) is left in them.
          for (const k of stored.keys()) expect(k).not.toContain(":inverted");
        } finally {
          ledger.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
