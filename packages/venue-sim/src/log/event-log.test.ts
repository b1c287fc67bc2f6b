import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEventLog } from "./event-log.js";

describe("event log", () => {
  it("keeps only the newest records in memory, in order, while the file gets every one", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "sim-log-")), "events.jsonl");
    let ns = 0n;
    const log = createEventLog(() => ns++, path, 3);
    for (let i = 0; i < 7; i++) log.append("tick", i, { i });
    expect(log.records().map((r) => r.i)).toEqual([4, 5, 6]);
    log.append("tick", 7, { i: 7 });
    expect(log.records().map((r) => [r.i, r.ts])).toEqual([
      [5, "5"],
      [6, "6"],
      [7, "7"],
    ]);
    await log.close();
    expect(
      readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).i),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("refuses a memory bound that is not a positive integer", () => {
    expect(() => createEventLog(() => 0n, undefined, 0)).toThrow(/positive integer/);
  });
});
