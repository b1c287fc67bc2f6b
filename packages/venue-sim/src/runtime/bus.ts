import type { ArbType } from "@arb/domain";
import type { ExchangeEvent } from "../exchange/kalshi.js";
import type { EventFeeOverride } from "../exchange/fee-override.js";
import type { PolyEvent, PolyTrade } from "../exchange/polymarket.js";

export type Venue = "kalshi" | "polymarket";

/** One leg of an injected window: the ask a taker lifts. `tokenId` is "" on Kalshi. */
export interface ArbLeg {
  readonly venue: Venue;
  /** Kalshi ticker or Polymarket condition id. */
  readonly market: string;
  readonly tokenId: string;
  /** The leg in the detection core's pair: "yes" pays when the Kalshi market's YES pays. */
  readonly outcome: "yes" | "no";
  readonly askUnits: number;
}

export interface ArbWindow {
  readonly windowId: string;
  readonly kind: ArbType;
  readonly venue: Venue | "cross";
  /** The Kalshi market ("" for poly_same_market). */
  readonly ticker: string;
  /** The Polymarket market ("" for kalshi_same_market). */
  readonly conditionId: string;
  readonly yesAskUnits: number;
  readonly noAskUnits: number;
  /** Edge per YES+NO pair after both legs' per-contract taker fees, in units (1 unit = 1 bp of $1), so in bps. */
  readonly edgeUnits: number;
  readonly sizeHundredths: number;
  /** What a perfect taker locks by buying the whole size of both legs at their asks: size × $1 less both legs' cost
   *  and each venue's exact taker fee for the order (Kalshi at retail balance precision), in micros (1e-6 $). */
  readonly theoreticalProfitMicros: number;
  readonly openedMs: number;
  readonly closesMs: number;
  readonly legs: readonly [ArbLeg, ArbLeg];
}

/** A Polymarket trade's settlement moved on (MATCHED is told by the exchange step itself). */
export type TradeStatus = "MINED" | "CONFIRMED" | "RETRYING" | "FAILED";

/** Everything the simulator's core tells its shells (WS servers, event log). `kind` is "noun.past-verb". */
export type SimEvent =
  /** `step` numbers the engine step (one number for both venues' halves of a cross-venue step). */
  | { readonly kind: "exchange.stepped"; readonly venue: "kalshi"; readonly step: number; readonly events: readonly ExchangeEvent[] }
  | { readonly kind: "polymarket.stepped"; readonly step: number; readonly events: readonly PolyEvent[] }
  | { readonly kind: "trade.settled"; readonly trade: PolyTrade; readonly status: TradeStatus }
  | { readonly kind: "tick-size.changed"; readonly conditionId: string; readonly oldTickUnits: number; readonly newTickUnits: number }
  | { readonly kind: "arb.window-opened"; readonly window: ArbWindow }
  | { readonly kind: "arb.window-closed"; readonly window: ArbWindow }
  | { readonly kind: "venue.paused"; readonly venue: "kalshi"; readonly paused: boolean }
  /** A Kalshi event's fee override was set (or cleared: undefined). */
  | { readonly kind: "event-fee.changed"; readonly eventTicker: string; readonly override: EventFeeOverride | undefined }
  | { readonly kind: "connections.killed"; readonly venue: Venue }
  | { readonly kind: "seq-gap.armed"; readonly venue: Venue; readonly skip: number }
  | { readonly kind: "malformed.requested"; readonly venue: Venue; readonly count: number };

export interface Bus {
  publish(e: SimEvent): void;
  subscribe(listener: (e: SimEvent) => void): () => void;
}

export function createBus(): Bus {
  const listeners = new Set<(e: SimEvent) => void>();
  return {
    publish(e) {
      for (const l of listeners) l(e);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
