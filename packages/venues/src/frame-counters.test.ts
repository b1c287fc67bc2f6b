import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { FrameCounters } from "./frame-counters.js";
import type { VenueEvent } from "./ports.js";

function setup() {
  const lines: Array<{ reason: string; suppressed?: number; msg: string }> = [];
  const logger = pino({ level: "warn" }, { write: (s: string) => lines.push(JSON.parse(s)) });
  const events: VenueEvent[] = [];
  let nowMs = 0;
  const frames = new FrameCounters(
    "kalshi",
    "frame",
    logger,
    (e) => events.push(e),
    () => nowMs,
    { burst: 3, everyMs: 1_000 },
  );
  return { frames, lines, events, advance: (ms: number) => (nowMs += ms) };
}

describe("FrameCounters: a flood of bad frames", () => {
  it("counts and reports every drop but logs the first few per reason, then one line per interval with what it left out", () => {
    const { frames, lines, events, advance } = setup();
    for (let i = 0; i < 100_000; i++) {
      frames.drop("json", "{");
      advance(1);
    }
    expect(frames.snapshot()).toEqual({ "dropped:json": 100_000 });
    expect(events).toHaveLength(100_000);
    // 3 at once, then one per 1 000 ms over the 100 s the flood lasted.
    expect(lines.length).toBeGreaterThanOrEqual(3 + 99);
    expect(lines.length).toBeLessThanOrEqual(3 + 100);
    expect(lines.slice(0, 3).map((l) => l.suppressed)).toEqual([undefined, undefined, undefined]);
    // Every drop is either its own line or counted in the next line's `suppressed`.
    const accounted = lines.reduce((n, l) => n + 1 + (l.suppressed ?? 0), 0);
    const unlogged = 100_000 - accounted;
    expect(unlogged).toBeGreaterThanOrEqual(0);
    expect(unlogged).toBeLessThan(1_000);
    expect(lines[3]).toMatchObject({ reason: "json", suppressed: 999, msg: "kalshi frame dropped (999 more not logged)" });
  });

  it("limits each reason on its own, and a reason quiet for an interval logs again at once", () => {
    const { frames, lines, advance } = setup();
    for (let i = 0; i < 5; i++) frames.drop("json", "{");
    for (let i = 0; i < 5; i++) frames.drop("schema:fill", "{}");
    expect(lines.map((l) => l.reason)).toEqual(["json", "json", "json", "schema:fill", "schema:fill", "schema:fill"]);
    advance(999);
    frames.drop("json", "{");
    expect(lines).toHaveLength(6);
    advance(1);
    frames.drop("json", "{");
    expect(lines.at(-1)).toMatchObject({ reason: "json", suppressed: 3 });
    advance(5_000);
    frames.drop("json", "{");
    expect(lines.at(-1)).toMatchObject({ reason: "json", msg: "kalshi frame dropped" });
    expect(lines.at(-1)?.suppressed).toBeUndefined();
    expect(frames.snapshot()).toEqual({ "dropped:json": 8, "dropped:schema:fill": 5 });
  });
});
