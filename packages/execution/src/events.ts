import type { ArbType, VenueId } from "@arb/domain";
import type { BreakerReason } from "./core/breaker.js";
import type { OrderInput, OrderLifecycle } from "./core/order-fsm.js";
import type { PairMetrics } from "./core/positions.js";
import type { RiskReason } from "./core/risk.js";
import type { ResolveKind } from "./core/unwind.js";

/** What a fill event carries, booked or taken back. */
export interface FillFacts {
  readonly clientOrderId: string;
  readonly arbId: string;
  readonly venue: VenueId;
  readonly fillId: string;
  readonly pair: number;
  readonly leg: number;
  readonly priceUnits: number;
  readonly sizeHundredths: number;
  readonly feeMicros: number;
  readonly tsMs: number;
}

/** Everything the engine reports to the bot and dashboards; `kind` is "noun.past-verb". */
export type ExecutionEvent =
  | {
      readonly kind: "opportunity.rejected";
      readonly pair: number;
      readonly type: ArbType;
      readonly reason: RejectReason;
      readonly detail: string;
      readonly tsMs: number;
    }
  | {
      readonly kind: "arb.started";
      readonly arbId: string;
      readonly pair: number;
      readonly type: ArbType;
      readonly mode: "concurrent" | "sequential";
      readonly sizeHundredths: number;
      readonly expectedProfitMicros: number;
      readonly edgeBps: number;
      /** The venue book sides its two legs take liquidity from (claims.ts `bookOf`). */
      readonly books: readonly [string, string];
      readonly tsMs: number;
    }
  | {
      readonly kind: "order.changed";
      readonly clientOrderId: string;
      readonly arbId: string;
      readonly from: OrderLifecycle;
      readonly to: OrderLifecycle;
      readonly input: OrderInput;
      readonly tsMs: number;
    }
  | {
      readonly kind: "order.transition-refused";
      readonly clientOrderId: string;
      readonly from: OrderLifecycle;
      readonly input: OrderInput;
      readonly tsMs: number;
    }
  | ({ readonly kind: "fill.booked" } & FillFacts)
  | ({ readonly kind: "fill.reversed" } & FillFacts)
  | { readonly kind: "position.changed"; readonly pair: number; readonly metrics: PairMetrics; readonly tsMs: number }
  | {
      readonly kind: "leg.unhedged";
      readonly arbId: string;
      readonly pair: number;
      readonly excessHundredths: number;
      readonly outcome: "yes" | "no";
      readonly exposureMicros: number;
      readonly tsMs: number;
    }
  | {
      readonly kind: "exposure.resolving";
      readonly arbId: string;
      readonly how: ResolveKind;
      readonly venue: VenueId;
      readonly sizeHundredths: number;
      readonly limitPriceUnits: number;
      readonly expectedPnlMicros: number;
      readonly tsMs: number;
    }
  /** `final`: nothing more will be tried (manual action needed); otherwise the arb is resolved when its books allow. */
  | {
      readonly kind: "exposure.residual";
      readonly arbId: string;
      readonly pair: number;
      readonly excessHundredths: number;
      readonly exposureMicros: number;
      readonly reason: string;
      readonly final: boolean;
      readonly tsMs: number;
    }
  | {
      readonly kind: "arb.closed";
      readonly arbId: string;
      readonly pair: number;
      readonly matchedHundredths: number;
      readonly pnlMicros: number;
      readonly unwindLossMicros: number;
      readonly expectedProfitMicros: number;
      readonly tsMs: number;
    }
  | { readonly kind: "breaker.tripped"; readonly reason: BreakerReason; readonly detail: string; readonly untilMs: number; readonly tsMs: number }
  | { readonly kind: "breaker.reset"; readonly cause: "manual" | "cooldown"; readonly tsMs: number }
  | {
      readonly kind: "market.settled";
      readonly venue: VenueId;
      readonly market: string;
      readonly winner: "yes" | "no";
      readonly pnlMicros: number;
      readonly tsMs: number;
    }
  | { readonly kind: "fees.changed"; readonly venue: VenueId; readonly eventId: string; readonly ratePpm: number | null | undefined; readonly tsMs: number }
  | { readonly kind: "reconcile.differed"; readonly venue: VenueId; readonly difference: string; readonly detail: string; readonly tsMs: number }
  | { readonly kind: "alert.raised"; readonly alert: Alert };

/** BOOK_CLAIMED: what the book has left after the bot's own orders on it is not enough (it is rechecked once they
 *  settle). SHARED_MARKET: a same-venue arb on a market another pair takes for all of them. FEE_UNKNOWN: the venue set
 *  a fee the engine cannot model for this event. GAME_EXPOSED: the game holds unmatched contracts still being resolved:
 *  nothing new goes into it until they are. */
export type RejectReason = RiskReason | "NO_DEPTH" | "BELOW_MINIMUM" | "BOOK_CLAIMED" | "SHARED_MARKET" | "FEE_UNKNOWN" | "GAME_EXPOSED" | "ENTRIES_STOPPED";

export type AlertKind = "leg.unhedged" | "exposure.residual" | "exposure.resolved" | "breaker.tripped" | "order.stuck" | "reconcile.differed" | "fill.reversed";

export interface Alert {
  readonly kind: AlertKind;
  readonly severity: "warn" | "critical";
  readonly tsMs: number;
  readonly arbId?: string;
  readonly pair?: number;
  /** Contracts (hundredths) left unmatched and their cost basis: what is at risk. */
  readonly exposureHundredths: number;
  readonly exposureMicros: number;
  readonly message: string;
}

export function assertNever(x: never): never {
  throw new Error(`unhandled: ${JSON.stringify(x)}`);
}
