import { describe, expect, it } from "vitest";
import { ceilDiv, decimalToInt, intToDecimal } from "./units.js";

describe("decimalToInt", () => {
  it("parses venue strings", () => {
    expect(decimalToInt("0.4200", 4)).toBe(4200);
    expect(decimalToInt(".48", 4)).toBe(4800);
    expect(decimalToInt("10.00", 2)).toBe(1000);
    expect(decimalToInt("-50.00", 2)).toBe(-5000);
    expect(decimalToInt("7", 2)).toBe(700);
    expect(decimalToInt("0.420000", 4)).toBe(4200);
  });
  it("refuses what it would have to round or cannot read", () => {
    expect(decimalToInt("0.42001", 4)).toBeUndefined();
    expect(decimalToInt("", 4)).toBeUndefined();
    expect(decimalToInt(".", 4)).toBeUndefined();
    expect(decimalToInt("1e3", 4)).toBeUndefined();
    expect(decimalToInt("0x10", 4)).toBeUndefined();
    expect(decimalToInt("99999999999999999", 4)).toBeUndefined();
  });
  it("round-trips with intToDecimal", () => {
    for (const v of [0, 1, 42, 4200, 10_000, -5000, 123_456_789]) {
      expect(decimalToInt(intToDecimal(v, 4), 4)).toBe(v);
    }
    expect(intToDecimal(4200, 4)).toBe("0.4200");
    expect(intToDecimal(-5, 2)).toBe("-0.05");
  });
});

describe("ceilDiv", () => {
  it("rounds up only on a remainder", () => {
    expect(ceilDiv(10, 5)).toBe(2);
    expect(ceilDiv(11, 5)).toBe(3);
    expect(ceilDiv(0, 5)).toBe(0);
  });
});
