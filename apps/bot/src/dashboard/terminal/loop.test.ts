import { describe, expect, it } from "vitest";
import { redrawInPlace } from "./loop.js";

describe("redrawInPlace", () => {
  it("overwrites the old screen line by line and erases what it leaves, never clearing first (no flicker)", () => {
    const bytes = redrawInPlace("ab\ncd");
    expect(bytes).toBe("\x1b[Hab\x1b[K\ncd\x1b[K\x1b[J");
    expect(bytes).not.toContain("\x1b[2J");
  });
});
