import type { ArbType, VenueId } from "@arb/domain";
import type { LatencySummary } from "./latency.js";

/** Which world the bot is in; shown first on every screen. */
export type World = "SIMULATOR" | "PAPER" | "LIVE";

export interface TopOfBook {
  /** 1/10 000 $; null when that side is empty. */
  readonly yesAskUnits: number | null;
  readonly yesAskHundredths: number;
  readonly noAskUnits: number | null;
  readonly noAskHundredths: number;
  /** Since the last book update; null before the first. */
  readonly ageMs: number | null;
  readonly stale: boolean;
}

export interface PairView {
  readonly pair: number;
  readonly label: string;
  readonly league: string;
  readonly kalshi: TopOfBook;
  readonly polymarket: TopOfBook;
  /** Edge after fees per arb type, 1/10 000 $ per contract; negative = costs more than $1; null = a leg is missing. */
  readonly edgeUnits: Readonly<Record<ArbType, number | null>>;
}

export interface OrderView {
  readonly clientOrderId: string;
  readonly venue: VenueId;
  readonly market: string;
  readonly outcome: "yes" | "no";
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly filledHundredths: number;
  readonly status: string;
  readonly ageMs: number;
}

export interface PositionView {
  readonly venue: VenueId;
  readonly market: string;
  readonly label: string;
  readonly yesHundredths: number;
  readonly noHundredths: number;
  readonly costMicros: number;
}

export interface AlertView {
  readonly tsMs: number;
  readonly level: "info" | "warn" | "critical";
  readonly message: string;
}

export interface FeedView {
  readonly venue: VenueId;
  readonly state: "connecting" | "open" | "closed";
  readonly framesPerSec: number;
  readonly dropped: number;
  readonly reconnects: number;
  readonly lastFrameAgeMs: number | null;
}

export interface Snapshot {
  readonly world: World;
  readonly dryRun: boolean;
  readonly nowMs: number;
  readonly startedMs: number;
  readonly pairs: readonly PairView[];
  readonly orders: readonly OrderView[];
  readonly positions: readonly PositionView[];
  /** Each game's holdings (both venues) at the outcome that pays least, less what they cost, fees included, summed. */
  readonly guaranteedPnlMicros: number;
  /** What the outcomes still decide: per game, its P&L at the best outcome less at the worst (0 when hedged). */
  readonly unmatchedExposureMicros: number;
  /** Cost basis held, fees included. */
  readonly grossExposureMicros: number;
  readonly feesMicros: number;
  readonly alerts: readonly AlertView[];
  readonly breaker: { readonly state: "closed" | "open" | "half-open"; readonly reason?: string; readonly untilMs?: number };
  readonly latency: { readonly tickToOrder: LatencySummary; readonly orderAck: LatencySummary };
  readonly feeds: readonly FeedView[];
  readonly counters: { readonly arbsSeen: number; readonly arbsTaken: number; readonly ordersSent: number; readonly fills: number; readonly rejects: number };
  /** Moments a market's book showed a state that cannot exist (crossed) and was not traded, per venue. */
  readonly booksInconsistent: { readonly kalshi: number; readonly polymarket: number };
}

const NO_ASK = 0xffff;

/** Pure: each arb type's edge from the four effective (fee-inclusive) asks. */
export function edgesOf(effKY: number, effKN: number, effPY: number, effPN: number): Record<ArbType, number | null> {
  const edge = (a: number, b: number) => (a === NO_ASK || b === NO_ASK ? null : 10_000 - a - b);
  return {
    poly_yes_kalshi_no: edge(effPY, effKN),
    kalshi_yes_poly_no: edge(effKY, effPN),
    poly_same_market: edge(effPY, effPN),
    kalshi_same_market: edge(effKY, effKN),
  };
}
