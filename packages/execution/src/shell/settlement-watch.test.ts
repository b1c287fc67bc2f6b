import { describe, expect, it } from "vitest";
import { SettlementWatch } from "./settlement-watch.js";

describe("SettlementWatch", () => {
  it("names a market only once a fill's word is overdue, until the fill is settled or too old", () => {
    const w = new SettlementWatch(1_000, 10_000);
    w.add("t1:o1", "m1", 0);
    w.add("t2:o2", "m2", 500);
    expect(w.due(999)).toEqual([]);
    expect(w.due(1_000)).toEqual(["m1"]);
    expect(w.due(1_500)).toEqual(["m1", "m2"]);
    w.done("t1:o1");
    expect(w.due(2_000)).toEqual(["m2"]);
    expect(w.due(10_500)).toEqual(["m2"]);
    expect(w.due(10_501)).toEqual([]);
    expect(w.size).toBe(0);
  });

  it("keeps a fill's first booking time when it is added again", () => {
    const w = new SettlementWatch(1_000, 10_000);
    w.add("t1:o1", "m1", 0);
    w.add("t1:o1", "m1", 5_000);
    expect(w.due(1_000)).toEqual(["m1"]);
    expect(w.has("t1:o1")).toBe(true);
  });
});
