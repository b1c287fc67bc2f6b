import { createEngine, decodeRecord } from "@arb/core-wasm";
import { describe, expect, it } from "vitest";
import { generateBooks, generateUpdates, loadEngine } from "./books.js";
import { PythonStyleDetector } from "./python-style.js";

describe("benchmark books", () => {
  it("are reproducible from the seed", () => {
    expect(generateBooks(500, 9)).toEqual(generateBooks(500, 9));
    expect(generateBooks(500, 9)).not.toEqual(generateBooks(500, 10));
    const b = generateBooks(500);
    expect(generateUpdates(b, 100)).toEqual(generateUpdates(b, 100));
  });

  it("carry opportunities on about arbRate of the pairs, and every engine sees the same ones", () => {
    const books = generateBooks(20_000, 42, 0.01);
    const found = ["wasm-simd", "wasm-scalar", "ts-twin"].map((flavor) => {
      const e = loadEngine(createEngine(flavor as "wasm-simd"), books);
      const n = e.scan(0);
      return Array.from({ length: n }, (_, k) => decodeRecord(e.records, k));
    });
    const pairs = new Set(found[0]!.map((o) => o.pair));
    expect(pairs.size).toBeGreaterThan(100);
    expect(pairs.size).toBeLessThan(400);
    expect(found[1]).toEqual(found[0]);
    expect(found[2]).toEqual(found[0]);
  });
});

describe("the Python-style baseline", () => {
  it("finds a cross-venue window and re-evaluates every pair on each update", () => {
    const books = generateBooks(10, 1, 0);
    const py = new PythonStyleDetector(books);
    expect(py.scanAll()).toEqual([]);
    // Kalshi YES at $0.40 and Polymarket NO at $0.50: cost 0.90 + max(0.07 × 0.6, 0.02 × 0.5) = 0.942
    py.update(3, 0, 4000, 1000, 1);
    const found = py.update(3, 3, 5000, 500, 1);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eventId: "EVT-3", direction: "kalshi_yes_poly_no", size: 5 });
    expect(found[0]!.cost).toBeCloseTo(0.942, 9);
  });
});
