import { NO_ASK } from "@arb/core-wasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_BID } from "../net/ladder.js";
import { applySnapshot, createTokenBook } from "./book.js";
import { checkPolymarketBook, checkTokenBooks } from "./consistency.js";

/** A YES-space book: bids strictly below asks (what the venue's matching leaves); either side may be empty. */
const uncrossedYesBook = fc
  .tuple(
    fc.integer({ min: 2, max: 9_999 }),
    fc.array(fc.integer({ min: 1, max: 9_999 }), { maxLength: 8 }),
    fc.array(fc.integer({ min: 1, max: 9_999 }), { maxLength: 8 }),
  )
  .map(([split, a, b]) => ({ bids: a.map((p) => 1 + (p % (split - 1))), asks: b.map((p) => split + (p % (10_000 - split))) }));

const bid = fc.oneof(fc.constant(NO_BID), fc.integer({ min: 1, max: 9_999 }));
const ask = fc.oneof(fc.constant(NO_ASK), fc.integer({ min: 1, max: 9_999 }));
const levels = (prices: readonly number[]) => prices.map((price) => ({ price, size: 100 }));

describe("Polymarket book consistency (one YES-space book behind both tokens)", () => {
  // A mirrored book: YES bid 48 / ask 52, so NO bid 48 / ask 52.
  it("accepts a mirrored book, one-sided ones included", () => {
    expect(checkPolymarketBook(4_800, 5_200, 4_800, 5_200)).toBe(true);
    expect(checkPolymarketBook(NO_BID, 5_200, 4_800, NO_ASK)).toBe(true);
    expect(checkPolymarketBook(NO_BID, NO_ASK, NO_BID, NO_ASK)).toBe(true);
  });

  it.each([
    ["a token's bid at its ask", 5_200, 5_200, 4_800, 4_800],
    ["a YES ask below $1 − the NO bid (the NO bid's mirror is missing)", 4_800, 4_900, 4_800, 5_200],
    ["a NO ask below $1 − the YES bid", 4_800, 5_200, 4_800, 5_100],
    ["bids a MINT would match (sum ≥ $1)", 5_000, 5_300, 5_000, 5_300],
    ["asks a MERGE would match (sum ≤ $1), no bids", NO_BID, 5_000, NO_BID, 5_000],
  ])("refuses %s", (_why, yesBid, yesAsk, noBid, noAsk) => {
    expect(checkPolymarketBook(yesBid, yesAsk, noBid, noAsk)).toBe(false);
  });

  it("a mirrored, uncrossed book is always consistent", () => {
    fc.assert(
      fc.property(uncrossedYesBook, ({ bids, asks }) => {
        // Each token's book shows the other's orders mirrored: NO bids at $1 − YES asks, NO asks at $1 − YES bids.
        const yes = createTokenBook("yes");
        const no = createTokenBook("no");
        applySnapshot(yes, levels(bids), levels(asks), 1, "h", undefined);
        applySnapshot(no, levels(asks.map((p) => 10_000 - p)), levels(bids.map((p) => 10_000 - p)), 1, "h", undefined);
        expect(checkTokenBooks(yes, no)).toBe(true);
        expect(checkTokenBooks(no, yes)).toBe(true);
      }),
    );
  });

  it("refuses every state that lets YES + NO be bought for under $1, by the asks or through the bids' mirrors", () => {
    fc.assert(
      fc.property(bid, ask, bid, ask, (yesBid, yesAsk, noBid, noAsk) => {
        // What the unified book sells each outcome for: its own ask, or the other token's bid mirrored.
        const yesCost = Math.min(yesAsk, noBid === NO_BID ? NO_ASK : 10_000 - noBid);
        const noCost = Math.min(noAsk, yesBid === NO_BID ? NO_ASK : 10_000 - yesBid);
        if (yesCost + noCost < 10_000 || (yesAsk !== NO_ASK && noAsk !== NO_ASK && yesAsk + noAsk < 10_000)) {
          expect(checkPolymarketBook(yesBid, yesAsk, noBid, noAsk)).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("does not depend on which token is called YES", () => {
    fc.assert(
      fc.property(bid, ask, bid, ask, (yesBid, yesAsk, noBid, noAsk) => {
        expect(checkPolymarketBook(yesBid, yesAsk, noBid, noAsk)).toBe(checkPolymarketBook(noBid, noAsk, yesBid, yesAsk));
      }),
    );
  });
});
