import { describe, expect, it } from "vitest";
import { edgesOf } from "./snapshot.js";

describe("edgesOf", () => {
  it("gives each arb type's edge and null when a leg is missing", () => {
    expect(edgesOf(4_800, 5_100, 4_700, 0xffff)).toEqual({
      poly_yes_kalshi_no: 200,
      kalshi_yes_poly_no: null,
      poly_same_market: null,
      kalshi_same_market: 100,
    });
  });
});
