import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventLog } from "../log/event-log.js";
import { parseScenario } from "../scenario/load.js";
import { createClock } from "./clock.js";

function rig() {
  let now = 1_000_000;
  const log = createEventLog(() => BigInt(now), undefined, 100);
  const scenario = parseScenario({ name: "clock", seed: 1, tickMs: 100, games: { count: 1 } });
  const ran: string[] = [];
  const clock = createClock({ scenario, t0: now, clock: () => now, log, fire: () => {}, tick: (t) => ran.push(`tick@${t - 1_000_000}`) });
  return {
    clock,
    log,
    ran,
    at: (ms: number) => 1_000_000 + ms,
    to(ms: number) {
      now = 1_000_000 + ms;
      clock.advance();
    },
  };
}

describe("scenario clock", () => {
  it("runs due tasks earliest first, ties in the order they were scheduled, before the world's tick", () => {
    const r = rig();
    for (const [name, ms] of [
      ["c", 200],
      ["a", 100],
      ["b", 100],
      ["d", 200],
      ["e", 150],
    ] as const)
      r.clock.schedule(r.at(ms), () => r.ran.push(name));
    r.to(200);
    expect(r.ran).toEqual(["tick@0", "a", "b", "tick@100", "e", "c", "d", "tick@200"]);
  });

  it("a task scheduled by a running one waits behind every earlier task, then runs in scheduling order", () => {
    const r = rig();
    r.to(0);
    r.ran.length = 0;
    // While a later task is still queued, a due task scheduled now waits for the next tick (as the sorted list did).
    r.clock.schedule(r.at(100), () => {
      r.ran.push("x");
      r.clock.schedule(r.at(100), () => r.ran.push("x2"));
    });
    r.clock.schedule(r.at(500), () => r.ran.push("late"));
    r.to(100);
    expect(r.ran).toEqual(["x", "tick@100"]);
    r.to(200);
    expect(r.ran).toEqual(["x", "tick@100", "x2", "tick@200"]);
    // With nothing else queued it runs on the same tick, after its scheduler, in scheduling order (not time order).
    const q = rig();
    q.clock.schedule(q.at(300), () => {
      q.ran.push("y");
      q.clock.schedule(q.at(250), () => q.ran.push("y2"));
      q.clock.schedule(q.at(200), () => q.ran.push("y3"));
    });
    q.to(300);
    expect(q.ran.filter((x) => !x.startsWith("tick"))).toEqual(["y", "y2", "y3"]);
  });

  it("a failing task is logged as scenario.skipped and the rest still run", () => {
    const r = rig();
    r.clock.schedule(r.at(0), () => {
      throw new Error("boom");
    });
    r.clock.schedule(r.at(0), () => r.ran.push("after"));
    r.to(0);
    expect(r.ran).toEqual(["after", "tick@0"]);
    expect(r.log.records().find((x) => x.kind === "scenario.skipped")).toMatchObject({ task: "scheduled", error: "boom", skipped: 1 });
  });

  it("runs tasks in exactly the order of the former list, sorted once per tick with new tasks appended behind", () => {
    interface Plan {
      readonly offsetMs: number;
      readonly kids: readonly Plan[];
    }
    const leaf = fc.record({ offsetMs: fc.integer({ min: -150, max: 300 }), kids: fc.constant([] as Plan[]) });
    const plan: fc.Arbitrary<Plan> = fc.record({ offsetMs: fc.integer({ min: -150, max: 300 }), kids: fc.array(leaf, { maxLength: 3 }) });
    type Schedule = (atMs: number, run: (nowMs: number) => void) => void;
    // Schedules the plans relative to `nowMs`; each logs its path and the tick it ran on, then schedules its kids.
    function play(schedule: Schedule, plans: readonly Plan[], nowMs: number, ran: string[], path: string): void {
      plans.forEach((p, i) => {
        schedule(nowMs + p.offsetMs, (t) => {
          ran.push(`${path}${i}@${t}`);
          play(schedule, p.kids, t, ran, `${path}${i}.`);
        });
      });
    }
    fc.assert(
      fc.property(fc.array(plan, { maxLength: 12 }), (plans) => {
        const ours: string[] = [];
        let now = 0;
        const scenario = parseScenario({ name: "clock", seed: 1, tickMs: 100, games: { count: 1 } });
        const log = createEventLog(() => 0n, undefined, 10);
        const clock = createClock({ scenario, t0: 0, clock: () => now, log, fire: () => {}, tick: () => {} });
        play(clock.schedule, plans, 0, ours, "");
        const former: string[] = [];
        const list: { atMs: number; run: (nowMs: number) => void }[] = [];
        play((atMs, run) => list.push({ atMs, run }), plans, 0, former, "");
        for (let tick = 0; tick <= 1000; tick += 100) {
          now = tick;
          clock.advance();
          list.sort((a, b) => a.atMs - b.atMs);
          while (list.length > 0 && (list[0]?.atMs ?? Number.POSITIVE_INFINITY) <= tick) list.shift()?.run(tick);
        }
        expect(ours).toEqual(former);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
