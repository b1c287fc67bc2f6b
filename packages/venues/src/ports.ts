import type { ArbType, VenueId, VenueOrderStatus } from "@arb/domain";

/**
 * What both venue clients (Kalshi, Polymarket, paper) promise the rest of the bot. Prices are 1/10 000 $ ("units"),
 * sizes 1/100 contract ("hundredths"), money 1e-6 $ ("micros"); every price is quoted for the outcome it names.
 */

export type Outcome = "yes" | "no";
export type TimeInForce = "fill_or_kill" | "immediate_or_cancel" | "good_till_canceled";

/** rejected: the venue said no (safe to treat as not placed). unknown: it may have happened (reconcile).
 *  retryable: it did not happen and trying again is reasonable. */
export type ErrorOutcome = "rejected" | "unknown" | "retryable";

export interface VenueError {
  readonly venue: VenueId;
  /** Stable SCREAMING_SNAKE code, e.g. KALSHI_RATE_LIMITED; callers branch on this, never on `message`. */
  readonly code: string;
  readonly outcome: ErrorOutcome;
  readonly message: string;
  readonly httpStatus?: number;
  /** The venue's own error code string, when its body carried one. */
  readonly venueCode?: string;
}

export type VenueResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: VenueError };

export interface OrderIntent {
  /** Idempotency key; the same key must never be reused for a different order. */
  readonly clientOrderId: string;
  readonly market: string;
  readonly outcome: Outcome;
  readonly action: "buy" | "sell";
  /** Limit price for `outcome`. */
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly timeInForce: TimeInForce;
}

export interface OrderAck {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly filledHundredths: number;
  /** What is still working on the book (0 for IOC / FOK, whose rest is cancelled on placement). */
  readonly remainingHundredths: number;
  /** Volume-weighted average fill price for the intent's outcome, micros per contract; absent when nothing filled. */
  readonly avgPriceMicros?: number;
  readonly avgFeeMicros?: number;
  readonly tsMs: number;
}

export interface CancelAck {
  readonly orderId: string;
  readonly clientOrderId?: string;
  readonly reducedByHundredths: number;
  readonly tsMs: number;
}

/** `@arb/domain`'s `VenueOrderStatus`, under the name the venue clients' callers know. */
export type OrderStatus = VenueOrderStatus;

export interface OrderState {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly market: string;
  /** The outcome this order is long (buy YES and sell NO are both "yes"). */
  readonly outcome: Outcome;
  readonly status: VenueOrderStatus;
  /** Price of the YES leg; the NO leg is 10 000 − this. */
  readonly yesPriceUnits: number;
  readonly initialHundredths: number;
  readonly filledHundredths: number;
  readonly remainingHundredths: number;
  readonly feesMicros?: number;
  readonly fillCostMicros?: number;
}

export interface FillReport {
  readonly fillId: string;
  /** The venue's trade id when it names one fill differently per channel (Kalshi: trade id on the user channel,
   *  fill id over REST), so a consumer can recognise the same fill from both. */
  readonly tradeId?: string;
  readonly orderId: string;
  readonly clientOrderId?: string;
  readonly market: string;
  readonly outcome: Outcome;
  readonly yesPriceUnits: number;
  readonly sizeHundredths: number;
  readonly isTaker: boolean;
  readonly feeMicros?: number;
  readonly tsMs?: number;
}

export interface PositionReport {
  readonly market: string;
  /** Signed: positive is long YES, negative long NO. */
  readonly positionHundredths: number;
  readonly feesPaidMicros: number;
  readonly realizedPnlMicros: number;
}

export type ConnectionState = "connecting" | "open" | "closed";
/** Why a book stopped feeding the detection core. `missing_level`: a delta removed size the book does not hold (the
 *  book is out of step; resynced like a gap). `inconsistent_book`: the book shows a state the venue's unified
 *  matching cannot hold (crossed), so it is half-applied or stale; its legs stay empty until a frame mends it. */
export type StaleCause =
  | "seq_gap"
  | "duplicate_seq"
  | "out_of_order_seq"
  | "missing_snapshot"
  | "missing_level"
  | "disconnected"
  | "channel_error"
  | "inconsistent_book";

/** What a feed does with a book its venue's matching could not hold: "refuse" keeps it out of the detection core
 *  until it is consistent again (the default); "off" trades every book as it stands. */
export type BookConsistency = "refuse" | "off";

/** Everything a venue client reports; `kind` is "noun.past-verb". */
export type VenueEvent =
  | { readonly kind: "connection.changed"; readonly venue: VenueId; readonly state: ConnectionState; readonly attempt: number; readonly reason?: string }
  | {
      readonly kind: "book.top-changed";
      readonly venue: VenueId;
      readonly market: string;
      readonly pair: number;
      /** NO_ASK (0xffff) with size 0 when that side is empty. */
      readonly yesAskUnits: number;
      readonly yesAskHundredths: number;
      readonly noAskUnits: number;
      readonly noAskHundredths: number;
      readonly tsMs: number;
    }
  | { readonly kind: "book.stale"; readonly venue: VenueId; readonly market: string; readonly pair: number; readonly cause: StaleCause }
  | { readonly kind: "book.restored"; readonly venue: VenueId; readonly market: string; readonly pair: number }
  | {
      readonly kind: "arb.detected";
      readonly venue: VenueId;
      readonly pair: number;
      readonly type: ArbType;
      readonly edgeUnits: number;
      readonly edgeBps: number;
      readonly sizeHundredths: number;
      readonly tsMs: number;
    }
  | { readonly kind: "order.updated"; readonly venue: VenueId; readonly order: OrderState }
  | { readonly kind: "fill.received"; readonly venue: VenueId; readonly fill: FillReport }
  /** A fill reported earlier that the venue took back (a Polymarket trade that FAILED on chain); same fillId. */
  | { readonly kind: "fill.reversed"; readonly venue: VenueId; readonly fill: FillReport }
  /** A fill reported earlier that can no longer be taken back (its Polymarket trade is CONFIRMED); same fillId. */
  | { readonly kind: "fill.settled"; readonly venue: VenueId; readonly fill: FillReport }
  | { readonly kind: "position.updated"; readonly venue: VenueId; readonly position: PositionReport }
  | { readonly kind: "subscription.confirmed"; readonly venue: VenueId; readonly channel: string; readonly sid: number }
  | { readonly kind: "subscription.failed"; readonly venue: VenueId; readonly channel: string; readonly code: number; readonly message: string }
  | { readonly kind: "frame.dropped"; readonly venue: VenueId; readonly reason: string; readonly sample: string }
  /**
   * An event-level fee override was set or cleared (Kalshi `event_fee_update`). ratePpm: the taker rate to use for
   * every market of the event (the override's multiplier × Kalshi's standard 0.07, KALSHI_DEFAULT_RATE_PPM); null:
   * the override is cleared (back to the series' rate); undefined: a fee type the client cannot model, so trading
   * the event must be refused (fail closed). Sent for every event the venue announces, tracked or not.
   */
  | {
      readonly kind: "fees.changed";
      readonly venue: "kalshi";
      readonly eventTicker: string;
      readonly ratePpm: number | null | undefined;
      readonly tsMs: number;
    };

export type VenueEventSink = (event: VenueEvent) => void;

/** A venue market bound to a detection-core pair. */
export interface MarketBinding {
  readonly market: string;
  readonly pair: number;
}

/** Streams books into the detection core and reports through the event sink given at construction. */
export interface MarketDataClient {
  readonly venue: VenueId;
  start(): void;
  track(bindings: readonly MarketBinding[]): void;
  untrack(markets: readonly string[]): void;
  /** Dropped-frame and resync counters by reason. */
  counters(): Readonly<Record<string, number>>;
  /** False while the market's book is crossed and kept out of the detection core (see `BookConsistency`). */
  consistent(market: string): boolean;
  close(): Promise<void>;
}

export interface ExecClient {
  readonly venue: VenueId;
  placeOrder(intent: OrderIntent): Promise<VenueResult<OrderAck>>;
  cancelOrder(orderId: string): Promise<VenueResult<CancelAck>>;
  getOrder(orderId: string): Promise<VenueResult<OrderState>>;
  openOrders(market?: string): Promise<VenueResult<OrderState[]>>;
  positions(): Promise<VenueResult<PositionReport[]>>;
  balanceMicros(): Promise<VenueResult<number>>;
  close(): Promise<void>;
}
