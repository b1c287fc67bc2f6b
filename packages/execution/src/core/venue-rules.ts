import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, type VenueId, kalshiTradeFeeMicros, polymarketOrderFeeMicros } from "@arb/domain";
import { assertNever } from "../events.js";
import type { TimeInForce } from "@arb/venues";
import type { ExecutionConfig, PairSpec, VenueRules } from "../config.js";

/**
 * How each venue works, as far as the pure core cares: one row per venue, read by the core instead of branching on
 * the venue's name (a third venue is a third row). Fixed facts of the venue, not settings: what an operator may
 * change (lot, minimum order, tick, fee rate, precision) is the config's `VenueRules`, per venue and per market.
 */
export interface VenueMechanics {
  /**
   * How an excess held on this venue is unwound. `sell`: sold on its own book (Kalshi). `buy-complement`: completed
   * by buying the market's other outcome (Polymarket: the same single book at the same price and fee as a sale, and
   * the account then holds what the ledger books — a complete set, worth $1 at resolution).
   */
  readonly unwind: "sell" | "buy-complement";
  /**
   * The taker fee formula and its rounding (@arb/domain fees, fee-tables.ts). `kalshi-trade`: rate × C × P × (1 − P)
   * per fill, up to the micro, with exponent 1 always. `polymarket-order`: rate × C × (P × (1 − P))^exponent per
   * match, down to 10 micros, with the market's exponent.
   */
  readonly fee: "kalshi-trade" | "polymarket-order";
  /**
   * What an order costs. `order-total`: notional + fees rounded up to the balance precision (`VenueRules.precisionMicros`;
   * Kalshi's accumulator converges there). `per-match`: the matches' notional and fees as computed.
   */
  readonly charges: "order-total" | "per-match";
  /**
   * Where a fee other than the venue's configured rate comes from. `event`: the venue pushes an event's override
   * (Kalshi `event_fee_update`, the `fees.changed` input). `market`: the market's own fee in its pair spec
   * (Polymarket's `fd`, `PairSpec.polymarketFee`).
   */
  readonly feeSource: "event" | "market";
  /** The configured time in force of its entry orders. */
  readonly entryTimeInForce: "kalshiTimeInForce" | "polymarketTimeInForce";
  /** A pair may name the market under its inverted key (its YES is the market's second token): claims name the
   *  market's own token, so both pairs of a shared market claim one book side. */
  readonly invertedKeys: boolean;
  /** When one step sends to several venues, lower goes first: a Kalshi request is ready, a Polymarket one may still sign. */
  readonly sendRank: number;
  /** The pair spec's field naming its market on this venue. */
  readonly specMarket: "kalshiMarket" | "polymarketMarket";
  /** The detection core's leg numbers of its YES and NO. */
  readonly legs: { readonly yes: number; readonly no: number };
}

export const VENUE_MECHANICS: { readonly [V in VenueId]: VenueMechanics } = {
  kalshi: {
    unwind: "sell",
    fee: "kalshi-trade",
    charges: "order-total",
    feeSource: "event",
    entryTimeInForce: "kalshiTimeInForce",
    invertedKeys: false,
    sendRank: 0,
    specMarket: "kalshiMarket",
    legs: { yes: LEG_KALSHI_YES, no: LEG_KALSHI_NO },
  },
  polymarket: {
    unwind: "buy-complement",
    fee: "polymarket-order",
    charges: "per-match",
    feeSource: "market",
    entryTimeInForce: "polymarketTimeInForce",
    invertedKeys: true,
    sendRank: 1,
    specMarket: "polymarketMarket",
    legs: { yes: LEG_POLY_YES, no: LEG_POLY_NO },
  },
};

/** The fee exponent a venue's fills are charged at: the configured one where the formula takes one, else 1. */
export function feeExponentOf(venue: VenueId, rules: VenueRules): number {
  return VENUE_MECHANICS[venue].fee === "kalshi-trade" ? 1 : rules.feeExponent;
}

/** The exact fee of one fill on the venue (what it charges when its report names no fee), in micros. */
export function fillFeeMicros(venue: VenueId, sizeHundredths: number, priceUnits: number, rules: VenueRules): number {
  const fee = VENUE_MECHANICS[venue].fee;
  switch (fee) {
    case "kalshi-trade":
      return kalshiTradeFeeMicros(sizeHundredths, priceUnits, rules.feeRatePpm);
    case "polymarket-order":
      return polymarketOrderFeeMicros(sizeHundredths, priceUnits, rules.feeRatePpm, rules.feeExponent);
    default:
      return assertNever(fee);
  }
}

export function entryTimeInForceOf(venue: VenueId, config: ExecutionConfig): TimeInForce {
  return config.execution[VENUE_MECHANICS[venue].entryTimeInForce];
}

export function specMarketOf(spec: PairSpec, venue: VenueId): string | undefined {
  return spec[VENUE_MECHANICS[venue].specMarket];
}
