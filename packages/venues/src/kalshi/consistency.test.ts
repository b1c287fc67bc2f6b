import { NO_ASK } from "@arb/core-wasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestPrice } from "../net/ladder.js";
import { SIDE_NO, SIDE_YES, applySnapshot, createBookStore, trackMarket } from "./book.js";
import { checkKalshiBook } from "./consistency.js";

const T = "KXNBA-26JAN01-LAL";

/** A YES-space book: bids strictly below asks (what the venue's matching leaves); either side may be empty. */
const uncrossedYesBook = fc
  .tuple(
    fc.integer({ min: 2, max: 9_999 }),
    fc.array(fc.integer({ min: 1, max: 9_999 }), { maxLength: 8 }),
    fc.array(fc.integer({ min: 1, max: 9_999 }), { maxLength: 8 }),
  )
  .map(([split, a, b]) => ({ bids: a.map((p) => 1 + (p % (split - 1))), asks: b.map((p) => split + (p % (10_000 - split))) }));

/** A best bid, or 0 for an empty side. */
const bestBid = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9_999 }));

describe("Kalshi book consistency", () => {
  it("refuses best YES bid + best NO bid ≥ $1 (the YES ask at or under the YES bid), and only that", () => {
    expect(checkKalshiBook(4_000, 5_500)).toBe(true);
    expect(checkKalshiBook(4_500, 5_499)).toBe(true);
    expect(checkKalshiBook(4_500, 5_500)).toBe(false);
    expect(checkKalshiBook(6_000, 5_500)).toBe(false);
    expect(checkKalshiBook(9_999, 0)).toBe(true);
    expect(checkKalshiBook(0, 0)).toBe(true);
  });

  it("a book mirrored from an uncrossed YES-space book is always consistent", () => {
    fc.assert(
      fc.property(uncrossedYesBook, ({ bids, asks }) => {
        // Kalshi keeps bids only: a YES ask at a is a NO bid at $1 − a.
        const s = createBookStore();
        const b = trackMarket(s, T);
        applySnapshot(
          s,
          1,
          1,
          T,
          bids.flatMap((p) => [p, 100]),
          asks.flatMap((p) => [10_000 - p, 100]),
        );
        expect(checkKalshiBook(bestPrice(b.bids[SIDE_YES]), bestPrice(b.bids[SIDE_NO]))).toBe(true);
      }),
    );
  });

  it("refuses every book whose derived YES ask + NO ask is under $1", () => {
    fc.assert(
      fc.property(bestBid, bestBid, (yesBid, noBid) => {
        const yesAsk = noBid === 0 ? NO_ASK : 10_000 - noBid;
        const noAsk = yesBid === 0 ? NO_ASK : 10_000 - yesBid;
        if (yesAsk + noAsk < 10_000) expect(checkKalshiBook(yesBid, noBid)).toBe(false);
      }),
    );
  });
});
