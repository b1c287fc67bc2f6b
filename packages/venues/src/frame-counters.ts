import type { Logger } from "pino";
import { sampleOf } from "./log.js";
import type { VenueId } from "@arb/domain";
import type { VenueEventSink } from "./ports.js";

/** What `readJson` answers for a frame it dropped (JSON itself can be null, so not undefined). */
export const NOT_JSON: unique symbol = Symbol("not JSON");

/**
 * Per-reason counters of a feed, and the one way a frame is dropped: counted, logged with the venue and a
 * truncated sample, and reported on the event stream — never thrown into the socket loop.
 */
export class FrameCounters {
  private readonly counts: Record<string, number> = {};

  constructor(
    private readonly venue: VenueId,
    private readonly what: string,
    private readonly logger: Logger,
    private readonly sink: VenueEventSink,
  ) {}

  count(key: string): void {
    this.counts[key] = (this.counts[key] ?? 0) + 1;
  }

  drop(reason: string, raw: string): undefined {
    this.count(`dropped:${reason}`);
    const sample = sampleOf(raw);
    this.logger.warn({ venue: this.venue, reason, sample }, `${this.venue} ${this.what} dropped`);
    this.sink({ kind: "frame.dropped", venue: this.venue, reason, sample });
    return undefined;
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
