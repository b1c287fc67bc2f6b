import { describe, expect, it } from "vitest";
import { createTokenBucket, takeToken } from "./token-bucket.js";

describe("token bucket", () => {
  it("spends the burst, then asks to wait exactly until the next token", () => {
    const b = createTokenBucket(10, 2, 0);
    expect(takeToken(b, 0)).toBe(0);
    expect(takeToken(b, 0)).toBe(0);
    expect(takeToken(b, 0)).toBe(100);
    expect(takeToken(b, 40)).toBe(60);
    expect(takeToken(b, 100)).toBe(0);
  });

  it("refills at the rate but never above the burst", () => {
    const b = createTokenBucket(20, 3, 0);
    for (let i = 0; i < 3; i++) expect(takeToken(b, 0)).toBe(0);
    expect(takeToken(b, 10_000)).toBe(0);
    expect(takeToken(b, 10_000)).toBe(0);
    expect(takeToken(b, 10_000)).toBe(0);
    expect(takeToken(b, 10_000)).toBe(50);
  });

  it("ignores a clock that steps backwards", () => {
    const b = createTokenBucket(10, 1, 1_000);
    expect(takeToken(b, 1_000)).toBe(0);
    expect(takeToken(b, 500)).toBe(100);
  });

  it("refuses nonsense parameters", () => {
    expect(() => createTokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => createTokenBucket(5, 0, 0)).toThrow(RangeError);
  });
});
