import type { VenueId } from "@arb/domain";
import type { TimeInForce } from "@arb/venues";
import type { PairSpec, VenueRules } from "../config.js";
import { assertNever } from "../events.js";
import type { Out } from "./out.js";
import type { ArbRec, ExecState, StepContext } from "./state.js";
import { VENUE_MECHANICS, entryTimeInForceOf } from "./venue-rules.js";

/** The venue rules an order or an arb follows: fees per market or per event (`VENUE_MECHANICS.feeSource`), time in force. */

/**
 * A venue's rules for one pair: the market's own fee or the event's fee override, as the venue sets fees; null when
 * the venue set a fee that cannot be modelled.
 */
export function rulesOf(state: ExecState, venue: VenueId, spec: PairSpec, ctx: StepContext): VenueRules | null {
  const source = VENUE_MECHANICS[venue].feeSource;
  switch (source) {
    case "event": {
      const override = state.eventFeeRules.get(spec.eventId);
      return override === undefined ? ctx.config.venues[venue] : override;
    }
    case "market":
      return ctx.marketFeeRules.get(spec.pair) ?? ctx.config.venues[venue];
    default:
      return assertNever(source);
  }
}

/** The rules a resolving order on one of an arb's markets follows: that market's fee where it is known. */
export function marketRules(state: ExecState, arb: ArbRec, venue: VenueId, market: string, ctx: StepContext): VenueRules {
  const source = VENUE_MECHANICS[venue].feeSource;
  switch (source) {
    case "event":
      return state.eventFeeRules.get(arb.eventId) ?? ctx.config.venues[venue];
    case "market": {
      const spec = ctx.specOfMarket.get(`${venue}:${market}`);
      return (spec === undefined ? undefined : ctx.marketFeeRules.get(spec.pair)) ?? ctx.config.venues[venue];
    }
    default:
      return assertNever(source);
  }
}

/** A venue changed an event's fee: only a venue that sets fees by event keeps it (a rate; null clears; undefined: unknown). */
export function onFeesChanged(state: ExecState, venue: VenueId, eventId: string, ratePpm: number | null | undefined, ctx: StepContext, out: Out): void {
  if (VENUE_MECHANICS[venue].feeSource !== "event") return;
  if (ratePpm === null) state.eventFeeRules.delete(eventId);
  else state.eventFeeRules.set(eventId, ratePpm === undefined ? null : { ...ctx.config.venues[venue], feeRatePpm: ratePpm });
  out.emit({ kind: "fees.changed", venue, eventId, ratePpm, tsMs: out.nowMs });
}

export function timeInForceOf(ref: { venue: VenueId }, ctx: StepContext): TimeInForce {
  return entryTimeInForceOf(ref.venue, ctx.config);
}
