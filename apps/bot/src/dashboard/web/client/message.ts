/**
 * Wire format of what the server pushes on `/ws` (`message` in src/run/start.ts): the parts of state/snapshot.ts's
 * `Snapshot` this page reads, plus the plotted series. Mirrored here, not imported: the page is compiled apart from the
 * server (DOM lib, no node types). message-shape.test.ts checks that the server's types still fit this mirror.
 */

export type World = "SIMULATOR" | "PAPER" | "LIVE";
export type ArbType = "poly_yes_kalshi_no" | "kalshi_yes_poly_no" | "poly_same_market" | "kalshi_same_market";

export interface TopView {
  readonly yesAskUnits: number | null;
  readonly noAskUnits: number | null;
  readonly ageMs: number | null;
  readonly stale: boolean;
}

export interface SnapshotView {
  readonly world: World;
  readonly dryRun: boolean;
  readonly pairs: readonly {
    readonly label: string;
    readonly kalshi: TopView;
    readonly polymarket: TopView;
    readonly edgeUnits: Readonly<Record<ArbType, number | null>>;
  }[];
  readonly orders: readonly {
    readonly venue: string;
    readonly market: string;
    readonly outcome: string;
    readonly priceUnits: number;
    readonly sizeHundredths: number;
    readonly status: string;
  }[];
  readonly positions: readonly {
    readonly venue: string;
    readonly label: string;
    readonly yesHundredths: number;
    readonly noHundredths: number;
    readonly costMicros: number;
  }[];
  readonly guaranteedPnlMicros: number;
  readonly unmatchedExposureMicros: number;
  readonly grossExposureMicros: number;
  readonly alerts: readonly { readonly tsMs: number; readonly level: string; readonly message: string }[];
  readonly breaker: { readonly state: string };
  readonly latency: { readonly tickToOrder: { readonly count: number; readonly p50Us: number; readonly p99Us: number } };
  readonly feeds: readonly { readonly venue: string; readonly state: string; readonly framesPerSec: number; readonly dropped: number }[];
  readonly counters: { readonly arbsSeen: number; readonly arbsTaken: number; readonly fills: number; readonly rejects: number };
}

/** [time ms, value] samples, oldest first. */
export type Points = readonly (readonly [number, number])[];

export interface DashboardMessage {
  readonly snapshot: SnapshotView;
  readonly series: {
    /** Best edge over time of the top pairs, 1/10 000 $. */
    readonly edges: readonly { readonly label: string; readonly points: Points }[];
    /** Tick → order latency histogram: [bucket upper bound µs, count], non-empty buckets in order. */
    readonly latency: Points;
    readonly pnl: Points;
    readonly gross: Points;
    readonly unmatched: Points;
  };
}
