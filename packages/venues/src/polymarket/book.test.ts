import { NO_ASK } from "@arb/core-wasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestPrice, bestSize, levelsOf } from "../net/ladder.js";
import { applyChange, applySnapshot, askDepth, askTopKey, createTokenBook, unseed } from "./book.js";

describe("token book", () => {
  it("lists its asks best first, and none until seeded", () => {
    const book = createTokenBook("t");
    expect(askDepth(book)).toEqual([]);
    applySnapshot(
      book,
      [{ price: 4400, size: 100 }],
      [
        { price: 4700, size: 250 },
        { price: 4600, size: 150 },
      ],
      1,
      "h",
      100,
    );
    expect(askDepth(book)).toEqual([4600, 150, 4700, 250]);
  });

  it("keeps each side sorted best-first and equal to a map of absolute sizes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9_999 }), fc.oneof(fc.constant(0), fc.nat(1e9))), { maxLength: 400 }), (ops) => {
        const book = createTokenBook("t");
        applySnapshot(book, [], [], 0, "", undefined);
        const ref = [new Map<number, number>(), new Map<number, number>()];
        for (const [ask, price, size] of ops) {
          expect(applyChange(book, ask ? 1 : 0, price, size, 1, "h")).toBe("applied");
          const side = ref[ask ? 1 : 0] as Map<number, number>;
          if (size === 0) side.delete(price);
          else side.set(price, size);
        }
        const bids = [...(ref[0] as Map<number, number>)].sort((a, b) => b[0] - a[0]);
        const asks = [...(ref[1] as Map<number, number>)].sort((a, b) => a[0] - b[0]);
        expect(levelsOf(book.bids)).toEqual(bids);
        expect(levelsOf(book.asks)).toEqual(asks);
        expect(bestPrice(book.asks)).toBe(asks[0]?.[0] ?? NO_ASK);
        expect(bestSize(book.asks)).toBe(asks[0]?.[1] ?? 0);
      }),
      { numRuns: 200 },
    );
  });

  it("builds from an unsorted snapshot and ignores older snapshots and changes", () => {
    const book = createTokenBook("t");
    expect(applyChange(book, 1, 5200, 100, 5, "h0")).toBe("unseeded");
    applySnapshot(
      book,
      [
        { price: 4800, size: 3000 },
        { price: 5000, size: 1500 },
        { price: 4900, size: 2000 },
      ],
      [
        { price: 5400, size: 10 },
        { price: 5200, size: 25 },
      ],
      100,
      "h1",
      100,
    );
    expect(levelsOf(book.bids)).toEqual([
      [5000, 1500],
      [4900, 2000],
      [4800, 3000],
    ]);
    expect([bestPrice(book.asks), bestSize(book.asks), book.tickUnits, book.hash]).toEqual([5200, 25, 100, "h1"]);
    expect(applyChange(book, 1, 5200, 0, 99, "old")).toBe("older");
    expect(applyChange(book, 1, 5200, 0, 120, "h2")).toBe("applied");
    expect([bestPrice(book.asks), book.hash]).toEqual([5400, "h2"]);
    expect(applySnapshot(book, [], [], 110, "stale rest", undefined)).toBe("older");
    unseed(book);
    expect([book.seeded, bestPrice(book.asks)]).toEqual([false, NO_ASK]);
  });

  it("packs the best ask into one comparable number", () => {
    const book = createTokenBook("t");
    applySnapshot(book, [], [{ price: 5200, size: 25 }], 1, "", undefined);
    const k = askTopKey(book);
    applyChange(book, 1, 5300, 7, 2, "");
    expect(askTopKey(book)).toBe(k);
    applyChange(book, 1, 5200, 26, 2, "");
    expect(askTopKey(book)).not.toBe(k);
    expect(Number.isSafeInteger(askTopKey(createTokenBook("empty")))).toBe(true);
  });
});
