import { NO_ASK } from "@arb/core-wasm";
import { describe, expect, it } from "vitest";
import { NO_BID, addToLevel, bestPrice, bestSize, clearLadder, createLadder, flatBestFirst, levelsOf, setLevel } from "./ladder.js";

describe("price ladder", () => {
  it("keeps the best level last in either direction and reads it best first", () => {
    const bids = createLadder(false, 2);
    const asks = createLadder(true, 2);
    for (const [p, s] of [
      [4800, 300],
      [5000, 100],
      [4900, 200],
    ] as const) {
      setLevel(bids, p, s);
      setLevel(asks, p, s);
    }
    expect([...bids.prices.subarray(0, bids.count)]).toEqual([4800, 4900, 5000]);
    expect([...asks.prices.subarray(0, asks.count)]).toEqual([5000, 4900, 4800]);
    expect(levelsOf(bids)).toEqual([
      [5000, 100],
      [4900, 200],
      [4800, 300],
    ]);
    expect([bestPrice(asks), bestSize(asks)]).toEqual([4800, 300]);
    expect(flatBestFirst(asks, false)).toEqual([4800, 300, 4900, 200, 5000, 100]);
    // A bid read as the other outcome's ask: $1 − its price.
    expect(flatBestFirst(bids, true)).toEqual([5000, 100, 5100, 200, 5200, 300]);
    setLevel(asks, 4800, 0);
    expect(levelsOf(asks)).toEqual([
      [4900, 200],
      [5000, 100],
    ]);
  });

  it("adds deltas, and refuses one that takes away more than a level holds or hits a missing level", () => {
    const l = createLadder(false);
    expect(addToLevel(l, 4000, 500)).toBe(true);
    expect(addToLevel(l, 4000, -200)).toBe(true);
    expect(levelsOf(l)).toEqual([[4000, 300]]);
    expect(addToLevel(l, 4000, -301)).toBe(false);
    expect(addToLevel(l, 3900, -1)).toBe(false);
    expect(levelsOf(l)).toEqual([[4000, 300]]);
    expect(addToLevel(l, 4000, -300)).toBe(true);
    expect(l.count).toBe(0);
  });

  it("gives an empty side a best price that never crosses", () => {
    const bids = createLadder(false);
    const asks = createLadder(true);
    expect([bestPrice(bids), bestPrice(asks), bestSize(asks)]).toEqual([NO_BID, NO_ASK, 0]);
    setLevel(bids, 4000, 100);
    clearLadder(bids);
    expect([bestPrice(bids), flatBestFirst(bids, true)]).toEqual([NO_BID, []]);
  });
});
