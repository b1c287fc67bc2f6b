import type { VenueId } from "@arb/domain";
import type { ExecutionEvent } from "@arb/execution";
import type { VenueEvent } from "@arb/venues";
import { type LabelledLatency, type LatencyHistogram, type SessionLatency, createSessionLatency } from "./latency.js";
import type { AlertView, FeedView } from "./snapshot.js";

const NO_ASK = 0xffff;

/** Per pair, per venue: the last top of book as the client reported it. */
export interface TopRecord {
  yesAskUnits: number;
  yesAskHundredths: number;
  noAskUnits: number;
  noAskHundredths: number;
  tsMs: number;
  stale: boolean;
}

interface FeedRecord {
  state: FeedView["state"];
  reconnects: number;
  dropped: number;
  lastFrameMs: number | null;
  /** Book updates in the current and the previous whole second, for a steady frames/s figure. */
  secondStart: number;
  thisSecond: number;
  lastSecond: number;
}

const RING = 600;

/** A bounded time series (oldest dropped): what the web plots draw. */
export class Series {
  readonly t: number[] = [];
  readonly v: number[] = [];
  push(tMs: number, value: number): void {
    this.t.push(tMs);
    this.v.push(value);
    if (this.t.length > RING) {
      this.t.shift();
      this.v.shift();
    }
  }
  points(): [number, number][] {
    return this.t.map((t, i) => [t, this.v[i] ?? 0]);
  }
}

/**
 * What the dashboards and the summary read, folded from the venue and execution event streams. Mutable by design (it
 * sees every book update); every method takes the time it is told, so a replay folds to the same state.
 */
export class SessionStore {
  readonly tops: [Map<number, TopRecord>, Map<number, TopRecord>] = [new Map(), new Map()];
  readonly feeds = new Map<VenueId, FeedRecord>();
  readonly alerts: AlertView[] = [];
  readonly maxAlerts: number;
  /** The session's latency histograms (`latency`): the same objects /metrics reads when the session passes
   *  createMetrics' `latency` here, so each sample is recorded once. */
  readonly tickToOrder: LatencyHistogram;
  readonly orderAck: LabelledLatency;
  /** Set when the session closes its own feeds: their closing is not news. */
  closing = false;
  arbsSeen = 0;
  arbsTaken = 0;
  fills = 0;
  rejects = 0;

  constructor(o: { readonly maxAlerts?: number; readonly latency?: SessionLatency } = {}) {
    this.maxAlerts = o.maxAlerts ?? 200;
    const latency = o.latency ?? createSessionLatency();
    this.tickToOrder = latency.tickToOrder;
    this.orderAck = latency.orderAck;
  }

  private feed(venue: VenueId): FeedRecord {
    let f = this.feeds.get(venue);
    if (f === undefined) {
      f = { state: "connecting", reconnects: 0, dropped: 0, lastFrameMs: null, secondStart: 0, thisSecond: 0, lastSecond: 0 };
      this.feeds.set(venue, f);
    }
    return f;
  }

  alert(level: AlertView["level"], message: string, tsMs: number): void {
    this.alerts.push({ tsMs, level, message });
    if (this.alerts.length > this.maxAlerts) this.alerts.shift();
  }

  onVenueEvent(e: VenueEvent, nowMs: number): void {
    switch (e.kind) {
      case "book.top-changed": {
        const m = this.tops[e.venue === "kalshi" ? 0 : 1];
        const r = m.get(e.pair);
        if (r === undefined)
          m.set(e.pair, {
            yesAskUnits: e.yesAskUnits,
            yesAskHundredths: e.yesAskHundredths,
            noAskUnits: e.noAskUnits,
            noAskHundredths: e.noAskHundredths,
            tsMs: nowMs,
            stale: false,
          });
        else {
          r.yesAskUnits = e.yesAskUnits;
          r.yesAskHundredths = e.yesAskHundredths;
          r.noAskUnits = e.noAskUnits;
          r.noAskHundredths = e.noAskHundredths;
          r.tsMs = nowMs;
          r.stale = false;
        }
        const f = this.feed(e.venue);
        f.lastFrameMs = nowMs;
        const sec = Math.floor(nowMs / 1_000);
        if (sec !== f.secondStart) {
          f.lastSecond = sec === f.secondStart + 1 ? f.thisSecond : 0;
          f.thisSecond = 0;
          f.secondStart = sec;
        }
        f.thisSecond++;
        return;
      }
      case "book.stale": {
        const r = this.tops[e.venue === "kalshi" ? 0 : 1].get(e.pair);
        if (r !== undefined) r.stale = true;
        return;
      }
      case "book.restored": {
        const r = this.tops[e.venue === "kalshi" ? 0 : 1].get(e.pair);
        if (r !== undefined) r.stale = false;
        return;
      }
      case "connection.changed": {
        const f = this.feed(e.venue);
        if (e.state === "open" && f.state !== "open" && e.attempt > 0) f.reconnects++;
        f.state = e.state;
        if (e.state === "closed" && !this.closing) this.alert("warn", `${e.venue} feed closed${e.reason === undefined ? "" : `: ${e.reason}`}`, nowMs);
        return;
      }
      case "arb.detected":
        this.arbsSeen++;
        return;
      case "frame.dropped":
        this.feed(e.venue).dropped++;
        return;
      case "subscription.failed":
        this.alert("warn", `${e.venue} subscription to ${e.channel} failed: ${e.message}`, nowMs);
        return;
      default:
        return;
    }
  }

  onExecutionEvent(e: ExecutionEvent): void {
    switch (e.kind) {
      case "arb.started":
        this.arbsTaken++;
        return;
      case "order.changed":
        if (e.to === "rejected") this.rejects++;
        return;
      case "fill.booked":
        this.fills++;
        return;
      case "alert.raised":
        this.alert(e.alert.severity === "critical" ? "critical" : "warn", e.alert.message, e.alert.tsMs);
        return;
      default:
        return;
    }
  }

  feedViews(nowMs: number): FeedView[] {
    return [...this.feeds.entries()].map(([venue, f]) => ({
      venue,
      state: f.state,
      framesPerSec: Math.floor(nowMs / 1_000) === f.secondStart + 1 ? f.thisSecond : Math.floor(nowMs / 1_000) === f.secondStart ? f.lastSecond : 0,
      dropped: f.dropped,
      reconnects: f.reconnects,
      lastFrameAgeMs: f.lastFrameMs === null ? null : nowMs - f.lastFrameMs,
    }));
  }
}

export const noAsk = (units: number, hundredths: number): boolean => units === NO_ASK || hundredths === 0;
