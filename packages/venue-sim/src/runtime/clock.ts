import TinyQueue from "tinyqueue";
import type { EventLog } from "../log/event-log.js";
import type { Scenario, TimelineEvent } from "../scenario/schema.js";

/**
 * The scenario clock: time moves only through advance(), in whole ticks from the start, so a driven clock and a
 * seed replay a run exactly. Each tick fires the timeline entries that are due, then the scheduled tasks that are
 * due (earliest first, ties in the order they were scheduled), then the world's own tick. A timeline entry or task
 * that fails is logged as `scenario.skipped` and skipped: advance() never throws.
 */
export interface Clock {
  /** The scenario start (the driven clock's reading when the simulator was created). */
  readonly t0: number;
  /** Runs `run` on the first tick at or after `atMs`. */
  schedule(atMs: number, run: (nowMs: number) => void): void;
  /** Plays every tick up to the clock's reading; returns that reading. */
  advance(): number;
}

export interface ClockDeps {
  readonly scenario: Scenario;
  /** The scenario start: the first tick. */
  readonly t0: number;
  readonly clock: () => number;
  readonly log: EventLog;
  /** Carries out one timeline entry. */
  readonly fire: (e: TimelineEvent) => void;
  /** The world's own tick (fair values, lifecycle, expiries, requotes), after the timeline and the tasks. */
  readonly tick: (nowMs: number) => void;
}

interface Task {
  readonly atMs: number;
  /** Scheduling order: breaks ties between tasks due at the same time. */
  readonly seq: number;
  readonly run: (nowMs: number) => void;
}

export function createClock({ scenario, t0, clock, log, fire, tick }: ClockDeps): Clock {
  const timeline = [...scenario.timeline].sort((a, b) => a.atMs - b.atMs);
  const queue = new TinyQueue<Task>([], (a, b) => a.atMs - b.atMs || a.seq - b.seq);
  let seq = 0;
  /** Tasks scheduled while due ones run; set only during a drain (see drain). */
  let arrivals: Task[] | undefined;
  let timelineIdx = 0;
  let nextTickMs = t0;
  let skipped = 0;

  function schedule(atMs: number, run: (nowMs: number) => void): void {
    const task: Task = { atMs, seq: seq++, run };
    if (arrivals !== undefined) arrivals.push(task);
    else queue.push(task);
  }

  /**
   * Runs one timeline entry or scheduled task. One that fails (a window with no open pair left, say, because the
   * control API took them) is counted, logged and skipped: it runs inside the tick timer, where a throw would end
   * the host process, and the rest of the scenario should still play.
   */
  function guarded(what: Record<string, unknown>, nowMs: number, run: () => void): void {
    try {
      run();
    } catch (err) {
      skipped += 1;
      log.append("scenario.skipped", nowMs, { ...what, error: err instanceof Error ? err.message : String(err), skipped });
    }
  }

  /**
   * Runs the due tasks, earliest first. A task scheduled by a running one waits in `arrivals`, in order, and is
   * looked at this tick only once every earlier task has run, then in the order it was scheduled. This is exactly
   * what the former list (sorted once per tick, new tasks appended behind) did, so seeded runs replay unchanged.
   */
  function drain(nowMs: number): void {
    const late: Task[] = [];
    arrivals = late;
    try {
      const run = (task: Task) => guarded({ task: "scheduled", atMs: task.atMs }, nowMs, () => task.run(nowMs));
      while ((queue.peek()?.atMs ?? Number.POSITIVE_INFINITY) <= nowMs) run(queue.pop() as Task);
      if (queue.length === 0) while ((late[0]?.atMs ?? Number.POSITIVE_INFINITY) <= nowMs) run(late.shift() as Task);
    } finally {
      arrivals = undefined;
      for (const t of late) queue.push(t);
    }
  }

  function step(nowMs: number): void {
    while (timelineIdx < timeline.length && t0 + (timeline[timelineIdx]?.atMs ?? 0) <= nowMs) {
      const e = timeline[timelineIdx] as TimelineEvent;
      timelineIdx += 1;
      log.append("scenario.fired", nowMs, { event: e });
      guarded({ event: e }, nowMs, () => fire(e));
    }
    drain(nowMs);
    tick(nowMs);
  }

  return {
    t0,
    schedule,
    advance() {
      const now = clock();
      while (nextTickMs <= now) {
        step(nextTickMs);
        nextTickMs += scenario.tickMs;
      }
      return now;
    },
  };
}
