import { NO_ASK } from "@arb/core-wasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SIDE_NO,
  SIDE_YES,
  TOP_NO_ASK,
  TOP_YES_ASK,
  applyDelta,
  applySnapshot,
  askDepth,
  bindSidPricing,
  createBookStore,
  ladderLevels,
  pricingOf,
  resetStore,
  retireSid,
  trackMarket,
} from "./book.js";

const T = "KXNBA-26JAN01-LAL";

function storeWith(...tickers: string[]) {
  const s = createBookStore();
  for (const t of tickers) trackMarket(s, t);
  return s;
}

describe("Kalshi book", () => {
  it("lists each outcome's asks best first, from the opposite side's bids, and none before a snapshot", () => {
    const s = storeWith(T);
    const b = s.books.get(T)!;
    expect(askDepth(b, "yes")).toEqual([]);
    applySnapshot(s, 1, 1, T, [3500, 20000, 4200, 1300], [5400, 40000, 5600, 1700]);
    expect(askDepth(b, "yes")).toEqual([4400, 1700, 4600, 40000]);
    expect(askDepth(b, "no")).toEqual([5800, 1300, 6500, 20000]);
  });

  it("derives asks from the opposite side's best bid (venues.md §1.3 example)", () => {
    const s = storeWith(T);
    const step = applySnapshot(s, 1, 1, T, [3500, 20000, 4200, 1300], [5400, 40000, 5600, 1700]);
    expect(step).toEqual({ kind: "applied", changed: TOP_YES_ASK | TOP_NO_ASK });
    const b = s.books.get(T);
    expect(b).toMatchObject({ yesAskUnits: 4400, yesAskHundredths: 1700, noAskUnits: 5800, noAskHundredths: 1300 });
  });

  it("applies signed deltas, removes emptied levels and reports only top changes", () => {
    const s = storeWith(T);
    applySnapshot(s, 1, 1, T, [3500, 20000, 4200, 1300], [5600, 1700]);
    expect(applyDelta(s, 1, 2, T, SIDE_YES, 3500, 500)).toEqual({ kind: "applied", changed: 0 });
    expect(applyDelta(s, 1, 3, T, SIDE_YES, 4200, -1300)).toEqual({ kind: "applied", changed: TOP_NO_ASK });
    const b = s.books.get(T);
    expect(b?.noAskUnits).toBe(6500);
    expect(b?.noAskHundredths).toBe(20500);
    expect(applyDelta(s, 1, 4, T, SIDE_NO, 5700, 100)).toEqual({ kind: "applied", changed: TOP_YES_ASK });
    expect(b?.yesAskUnits).toBe(4300);
    expect(applyDelta(s, 1, 5, T, SIDE_NO, 5700, -100)).toEqual({ kind: "applied", changed: TOP_YES_ASK });
    expect(ladderLevels(b!.bids[SIDE_NO])).toEqual([[5600, 1700]]);
    expect(applyDelta(s, 1, 6, T, SIDE_NO, 5600, -1700)).toEqual({ kind: "applied", changed: TOP_YES_ASK });
    expect(b?.yesAskUnits).toBe(NO_ASK);
    expect(b?.yesAskHundredths).toBe(0);
  });

  it("asks for a resync on a gap, a duplicate and a reordering, and only then", () => {
    for (const [seq, reason] of [
      [4, "seq_gap"],
      [2, "duplicate_seq"],
      [1, "out_of_order_seq"],
    ] as const) {
      const s = storeWith(T);
      applySnapshot(s, 7, 1, T, [4000, 100], []);
      applyDelta(s, 7, 2, T, SIDE_YES, 4000, 100);
      expect(applyDelta(s, 7, seq, T, SIDE_YES, 4000, 100)).toEqual({ kind: "resync", sid: 7, reason, expectedSeq: 3, gotSeq: seq });
    }
  });

  it("asks for a resync, changing nothing, when a delta takes away size the book does not hold", () => {
    const s = storeWith(T);
    applySnapshot(s, 1, 1, T, [4000, 100], [5600, 1700]);
    const before = ladderLevels(s.books.get(T)!.bids[SIDE_NO]);
    expect(applyDelta(s, 1, 2, T, SIDE_NO, 5600, -1800)).toEqual({ kind: "resync", sid: 1, reason: "missing_level", expectedSeq: 2, gotSeq: 2 });
    expect(applyDelta(s, 1, 3, T, SIDE_NO, 5500, -100)).toEqual({ kind: "resync", sid: 1, reason: "missing_level", expectedSeq: 3, gotSeq: 3 });
    expect(ladderLevels(s.books.get(T)!.bids[SIDE_NO])).toEqual(before);
    // Taking a level to exactly 0 removes it; a zero delta on a missing level is a no-op.
    expect(applyDelta(s, 1, 4, T, SIDE_YES, 3900, 0)).toEqual({ kind: "applied", changed: 0 });
    expect(applyDelta(s, 1, 5, T, SIDE_NO, 5600, -1700)).toEqual({ kind: "applied", changed: TOP_YES_ASK });
  });

  it("keeps NO-side pricing per sid until the sid is given up", () => {
    const s = storeWith(T);
    bindSidPricing(s, 4, "yes_leg");
    expect([pricingOf(s, 4), pricingOf(s, 5)]).toEqual(["yes_leg", "no_leg"]);
    retireSid(s, 4);
    expect(pricingOf(s, 4)).toBe("no_leg");
    bindSidPricing(s, 1, "yes_leg");
    resetStore(s);
    expect(pricingOf(s, 1)).toBe("no_leg");
  });

  it("asks for a resync when a sid starts with a delta", () => {
    const s = storeWith(T);
    expect(applyDelta(s, 3, 5, T, SIDE_YES, 4000, 100)).toMatchObject({ kind: "resync", sid: 3, reason: "missing_snapshot" });
  });

  it("counts seq across markets of one sid and ignores untracked markets", () => {
    const s = storeWith("A", "B");
    applySnapshot(s, 1, 1, "A", [4000, 100], []);
    applySnapshot(s, 1, 2, "B", [3000, 100], []);
    expect(applyDelta(s, 1, 3, "ZZZ", SIDE_YES, 4000, 100)).toEqual({ kind: "ignored" });
    expect(applyDelta(s, 1, 4, "B", SIDE_YES, 3000, 100)).toEqual({ kind: "applied", changed: TOP_NO_ASK });
    expect(applyDelta(s, 1, 6, "A", SIDE_YES, 4000, 100)).toMatchObject({ kind: "resync", reason: "seq_gap" });
  });

  it("retires a sid: its books go stale and its late frames are ignored until a new snapshot", () => {
    const s = storeWith("A", "B");
    applySnapshot(s, 1, 1, "A", [4000, 100], [5000, 100]);
    applySnapshot(s, 2, 1, "B", [3000, 100], []);
    const stale = retireSid(s, 1);
    expect(stale.map((x) => [x.book.ticker, x.changed])).toEqual([["A", TOP_YES_ASK | TOP_NO_ASK]]);
    expect(s.books.get("A")).toMatchObject({ sid: 0, yesAskUnits: NO_ASK, noAskUnits: NO_ASK });
    expect(applyDelta(s, 1, 2, "A", SIDE_YES, 4000, 100)).toEqual({ kind: "ignored" });
    expect(applySnapshot(s, 3, 1, "A", [4100, 100], [])).toEqual({ kind: "applied", changed: TOP_NO_ASK });
    expect(s.books.get("B")?.noAskUnits).toBe(7000);
    expect(resetStore(s).length).toBe(2);
    expect(s.lastSeq.size).toBe(0);
  });

  it("matches a reference map under random snapshots and deltas, refusing every removal it cannot honor", () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 9_999 }), fc.integer({ min: 0, max: 100_000 }));
    const op = fc.tuple(
      fc.constantFrom(SIDE_YES, SIDE_NO),
      fc.integer({ min: 1, max: 60 }).map((p) => p * 100 + 2000),
      fc.integer({ min: -5_000, max: 5_000 }),
    );
    fc.assert(
      fc.property(fc.array(level, { maxLength: 40 }), fc.array(level, { maxLength: 40 }), fc.array(op, { maxLength: 300 }), (yes, no, ops) => {
        const s = storeWith(T);
        const ref = [new Map<number, number>(), new Map<number, number>()];
        /** false (and nothing changed) when the delta takes away more than the level holds. */
        const add = (side: number, p: number, d: number): boolean => {
          const m = ref[side] as Map<number, number>;
          const v = (m.get(p) ?? 0) + d;
          if (v < 0) return false;
          if (v > 0) m.set(p, v);
          else m.delete(p);
          return true;
        };
        for (const [p, q] of yes) add(SIDE_YES, p, q);
        for (const [p, q] of no) add(SIDE_NO, p, q);
        applySnapshot(s, 1, 1, T, yes.flat(), no.flat());
        let seq = 1;
        for (const [side, p, d] of ops) {
          const ok = add(side, p, d);
          const step = applyDelta(s, 1, ++seq, T, side, p, d);
          if (ok) expect(step.kind).toBe("applied");
          else expect(step).toMatchObject({ kind: "resync", reason: "missing_level" });
        }
        const b = s.books.get(T)!;
        for (const side of [SIDE_YES, SIDE_NO] as const) {
          const expected = [...(ref[side] as Map<number, number>).entries()].sort((x, y) => x[0] - y[0]);
          expect(ladderLevels(b.bids[side])).toEqual(expected);
        }
        const bestNo = ladderLevels(b.bids[SIDE_NO]).at(-1);
        const bestYes = ladderLevels(b.bids[SIDE_YES]).at(-1);
        expect([b.yesAskUnits, b.yesAskHundredths]).toEqual(bestNo ? [10_000 - bestNo[0], bestNo[1]] : [NO_ASK, 0]);
        expect([b.noAskUnits, b.noAskHundredths]).toEqual(bestYes ? [10_000 - bestYes[0], bestYes[1]] : [NO_ASK, 0]);
      }),
      { numRuns: 300 },
    );
  });
});
