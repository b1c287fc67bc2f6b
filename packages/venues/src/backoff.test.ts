import { describe, expect, it } from "vitest";
import { computeBackoffMs } from "./backoff.js";

const policy = { baseMs: 100, maxMs: 2_000 };

describe("computeBackoffMs", () => {
  it("doubles per attempt between half and all of the step", () => {
    expect([0, 1, 2, 3].map((a) => computeBackoffMs(a, policy, 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((a) => computeBackoffMs(a, policy, 1))).toEqual([100, 200, 400, 800]);
  });

  it("caps at maxMs and survives huge attempt numbers", () => {
    expect(computeBackoffMs(10, policy, 1)).toBe(2_000);
    expect(computeBackoffMs(10_000, policy, 0)).toBe(1_000);
  });

  it("clamps the random draw", () => {
    expect(computeBackoffMs(0, policy, -5)).toBe(50);
    expect(computeBackoffMs(0, policy, 7)).toBe(100);
  });
});
