import type { Logger } from "pino";
import { sampleOf } from "./log.js";
import type { VenueId } from "@arb/domain";
import type { VenueEventSink } from "./ports.js";

/** What `readJson` answers for a frame it dropped (JSON itself can be null, so not undefined). */
export const NOT_JSON: unique symbol = Symbol("not JSON");

/**
 * How much of a flood of bad frames reaches the log: the first `burst` drops of each reason are logged one by one,
 * then at most one line per reason every `everyMs`, carrying how many drops of that reason went unlogged since the
 * previous line. Counting and the `frame.dropped` event are never limited.
 */
export interface DropLogLimit {
  readonly burst: number;
  readonly everyMs: number;
}

const DEFAULT_DROP_LOG_LIMIT: DropLogLimit = { burst: 5, everyMs: 10_000 };

interface ReasonLog {
  logged: number;
  lastMs: number;
  suppressed: number;
}

/**
 * Per-reason counters of a feed, and the one way a frame is dropped: counted, logged (rate-limited per reason) with
 * the venue and a truncated sample, and reported on the event stream — never thrown into the socket loop.
 */
export class FrameCounters {
  private readonly counts: Record<string, number> = {};
  private readonly logs = new Map<string, ReasonLog>();

  constructor(
    private readonly venue: VenueId,
    private readonly what: string,
    private readonly logger: Logger,
    private readonly sink: VenueEventSink,
    private readonly now: () => number,
    private readonly limit: DropLogLimit = DEFAULT_DROP_LOG_LIMIT,
  ) {}

  count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  drop(reason: string, raw: string): undefined {
    this.count(`dropped:${reason}`);
    const sample = sampleOf(raw);
    this.log(reason, sample);
    this.sink({ kind: "frame.dropped", venue: this.venue, reason, sample });
    return undefined;
  }

  private log(reason: string, sample: string): void {
    const nowMs = this.now();
    let l = this.logs.get(reason);
    if (l === undefined) {
      l = { logged: 0, lastMs: nowMs, suppressed: 0 };
      this.logs.set(reason, l);
    }
    if (l.logged >= this.limit.burst && nowMs - l.lastMs < this.limit.everyMs) {
      l.suppressed++;
      return;
    }
    const fields = { venue: this.venue, reason, sample };
    if (l.suppressed > 0) this.logger.warn({ ...fields, suppressed: l.suppressed }, `${this.venue} ${this.what} dropped (${l.suppressed} more not logged)`);
    else this.logger.warn(fields, `${this.venue} ${this.what} dropped`);
    l.logged++;
    l.lastMs = nowMs;
    l.suppressed = 0;
  }

  /** A text frame's JSON, or `NOT_JSON` once the frame is dropped (counted, logged) for its size or its syntax. */
  readJson(raw: string, maxBytes: number): unknown {
    if (raw.length > maxBytes) {
      this.drop("oversized", raw);
      return NOT_JSON;
    }
    try {
      return JSON.parse(raw);
    } catch {
      this.drop("json", raw);
      return NOT_JSON;
    }
  }

  snapshot(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }
}
