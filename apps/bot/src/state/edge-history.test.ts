import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EdgeHistory } from "./edge-history.js";

describe("EdgeHistory", () => {
  it("gives each pair the last `capacity` samples that had an edge, oldest first, as a per-pair list would", () => {
    const step = fc.array(fc.option(fc.integer({ min: -20_000, max: 10_000 }), { nil: null }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(step, { maxLength: 40 }), (capacity, steps) => {
        const h = new EdgeHistory(capacity);
        const model: [number, number | null][][] = [[], [], []];
        steps.forEach((edges, s) => {
          const tMs = 1_000 * (s + 1);
          h.sample(tMs);
          edges.forEach((e, pair) => {
            if (e !== null) h.set(pair, e);
            model[pair]?.push([tMs, e]);
          });
        });
        model.forEach((m, pair) => {
          const expected = m.slice(-capacity).flatMap(([t, e]) => (e === null ? [] : [[t, e] as [number, number]]));
          expect(h.points(pair)).toEqual(expected);
        });
      }),
    );
  });

  it("clamps to the Int16 range and ignores a set before the first sample", () => {
    const h = new EdgeHistory(4);
    h.set(1, 5);
    expect(h.points(1)).toEqual([]);
    h.sample(10);
    h.set(1, 1e9);
    h.sample(20);
    h.set(1, -1e9);
    expect(h.points(1)).toEqual([
      [10, 32_767],
      [20, -32_767],
    ]);
    expect(() => new EdgeHistory(0)).toThrow(RangeError);
  });
});
