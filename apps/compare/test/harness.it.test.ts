import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePeer } from "../src/contenders/fixture-peer.js";
import { ours } from "../src/contenders/ours.js";
import { REPO_ROOT } from "../src/paths.js";
import { type RunResult, runOnce } from "../src/run.js";

const scenario = JSON.parse(readFileSync(join(REPO_ROOT, "packages/venue-sim/scenarios/race-30.json"), "utf8")) as Record<string, unknown>;
const schedule = (faultEvery: number) => ({
  seed: 3,
  count: 5,
  durationMs: 800,
  gapMs: [400, 600] as const,
  sizeHundredths: [5000, 20_000] as const,
  faultEvery,
});
const quiet = { update() {}, note() {}, end() {} };

/**
 * The harness end to end on the fixture peer (the peer dialects: Kalshi integer cents, one Polymarket event per
 * message, parsed by the Python bot's documented rules) beside our bot (current dialects), on one simulator.
 */
describe("the harness on the fixture peer and our bot", () => {
  let detect: RunResult;
  it("detect: both catch every window through their own dialects, each timed from its own frame", async () => {
    detect = await runOnce(
      { id: "detect", mode: "detect", contenders: [ours, fixturePeer], scenario, schedule: schedule(0), faults: false, keep: false },
      quiet,
      () => 0,
    );
    expect(detect.errors).toEqual([]);
    expect(detect.windows).toHaveLength(5);
    expect(detect.windows.map((w) => w.requestedBps)).toEqual([75, 150, 300, 600, 1000]);
    for (const c of detect.contenders) {
      expect(c.outcomes.every((o) => o.frameNs !== undefined)).toBe(true);
      const caught = c.outcomes.filter((o) => o.detectMs !== undefined);
      expect(caught.length, `${c.name} caught`).toBe(5);
      for (const o of caught) {
        expect(o.detectMs).toBeGreaterThanOrEqual(0);
        expect(o.detectMs).toBeLessThan(800);
      }
      expect(c.coldStartMs).toBeGreaterThan(0);
      expect(c.rssMb).toBeGreaterThan(20);
      expect(c.samples.length).toBeGreaterThan(5);
      expect(c.outcomes.every((o) => o.orders === 0)).toBe(true);
    }
  });

  it("trade with faults: orders and fills are attributed to the client that sent them; the fault leaves it exposed", async () => {
    const r = await runOnce(
      { id: "solo-trade", mode: "trade", contenders: [fixturePeer], scenario, schedule: schedule(5), faults: true, keep: false },
      quiet,
      () => 0,
    );
    expect(r.errors).toEqual([]);
    const [c] = r.contenders;
    if (c === undefined) throw new Error("no contender");
    expect(r.windows[4]?.fault).toEqual({ venue: "polymarket", mode: "reject", delayMs: 0 });
    // The fixture buys the Kalshi leg only: an order and a fill on every window it caught, nothing on Polymarket.
    const traded = c.outcomes.filter((o) => o.firstOrderMs !== undefined);
    expect(traded.length).toBeGreaterThanOrEqual(4);
    for (const o of traded) {
      expect(o.firstOrderMs).toBeLessThan(1000);
      expect(o.bothOrdersMs).toBeUndefined();
      expect(o.filledHundredths.polymarket).toBe(0);
      expect(o.filledHundredths.kalshi).toBeGreaterThan(0);
    }
    // One-legged: what it bought is exposed, so the worst outcome is a loss and the best one a gain.
    expect(c.money?.guaranteedMicros).toBeLessThan(0);
    expect(c.money?.bestMicros).toBeGreaterThan(0);
  });
});
