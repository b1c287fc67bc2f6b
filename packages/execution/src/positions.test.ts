import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "./ledger/sqlite.js";
import { type PairPosition, applyFill, computePairMetrics, computeSettlementMicros, flatPair, foldFills } from "./positions.js";

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

  it("random fill outcomes: the tracker's exposure always equals a recomputation from the ledger's fills", () => {
    const fill = fc.record({
      pair: fc.integer({ min: 0, max: 3 }),
      leg: fc.integer({ min: 0, max: 3 }),
      priceUnits: fc.integer({ min: 1, max: 9999 }),
      sizeHundredths: fc.integer({ min: 1, max: 100_000 }),
      feeMicros: fc.integer({ min: 0, max: 50_000 }),
      duplicate: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 40 }), (fills) => {
        const dir = mkdtempSync(join(tmpdir(), "arb-pos-"));
        const ledger = new Ledger({ path: join(dir, "l.db") });
        try {
          const tracker = new Map<number, PairPosition>();
          const seen = new Set<string>();
          fills.forEach((f, i) => {
            // A duplicate redelivers the previous fill's id: both sides must book it once.
            const id = f.duplicate && i > 0 ? `f${i - 1}` : `f${i}`;
            const row = fills[f.duplicate && i > 0 ? i - 1 : i] ?? f;
            ledger.apply([
              {
                kind: "fill",
                row: { venue: "kalshi", fillId: id, clientOrderId: "c", venueOrderId: "o", market: "M", pair: row.pair, leg: row.leg, priceUnits: row.priceUnits, sizeHundredths: row.sizeHundredths, feeMicros: row.feeMicros, cashMicros: 0, isTaker: true, tsMs: i },
              },
            ]);
            if (seen.has(id)) return;
            seen.add(id);
            tracker.set(row.pair, applyFill(tracker.get(row.pair) ?? flatPair(row.pair), row));
          });
          const recomputed = foldFills(ledger.fills());
          expect([...recomputed.keys()].sort()).toEqual([...tracker.keys()].sort());
          for (const [pair, p] of tracker) {
            const again = recomputed.get(pair) as PairPosition;
            expect(computePairMetrics(again)).toEqual(computePairMetrics(p));
          }
          for (const r of ledger.positions()) expect(tracker.get(r.pair)?.legs[r.leg]).toEqual({ contractsHundredths: r.contractsHundredths, costMicros: r.costMicros, feesMicros: r.feesMicros });
        } finally {
          ledger.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
