import { decimalToInt } from "@arb/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFixed } from "./decimal.js";

const decimalish = fc.string({ unit: fc.constantFrom("0", "1", "5", "9", ".", "-", "+", "e", " ", "x"), maxLength: 24 });

describe("parseFixed", () => {
  it("parses the venue's own spellings", () => {
    expect(parseFixed("0.4200", 4)).toBe(4200);
    expect(parseFixed("0.960", 4)).toBe(9600);
    expect(parseFixed("-54.00", 2)).toBe(-5400);
    expect(parseFixed(".48", 4)).toBe(4800);
    expect(parseFixed("7", 2)).toBe(700);
    expect(parseFixed("0.12345", 4)).toBeUndefined();
    expect(parseFixed("0.42000000", 4)).toBe(4200);
    expect(parseFixed("", 2)).toBeUndefined();
    expect(parseFixed("-", 2)).toBeUndefined();
    expect(parseFixed("1e3", 2)).toBeUndefined();
  });

  it("equals decimalToInt on decimal-like strings", () => {
    fc.assert(
      fc.property(decimalish, fc.integer({ min: 0, max: 6 }), (s, d) => {
        expect(parseFixed(s, d)).toBe(decimalToInt(s, d));
      }),
      { numRuns: 20_000 },
    );
  });

  it("equals decimalToInt on arbitrary strings and near the safe-integer limit", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 6 }), (s, d) => {
        expect(parseFixed(s, d)).toBe(decimalToInt(s, d));
      }),
    );
    for (const s of ["9007199254740991", "9007199254740992", "90071992547409.91", "90071992547409.92", "-9007199254740991"]) {
      for (const d of [0, 2, 4]) expect(parseFixed(s, d)).toBe(decimalToInt(s, d));
    }
  });
});
