import type { VenueId } from "@arb/domain";
import { DAY_MS } from "./breaker.js";
import { venueMarketOf } from "./legs.js";
import { PAYOUT_MICROS_PER_HUNDREDTH } from "./sizing.js";
import type { ExecState, StepContext } from "./state.js";
import type { Out } from "./out.js";
import { breaker } from "./breaker-step.js";

/**
 * A venue market resolved: what is held in it pays (the winning side $1 a contract) and leaves the books. A market's
 * own P&L is not a loss to the breaker (an arb's losing leg is half of a won arb): the game's is, once its last
 * market has settled.
 */
export function onSettled(state: ExecState, venue: VenueId, market: string, winner: "yes" | "no", ctx: StepContext, out: Out): void {
  const m = venueMarketOf(market);
  let cost = 0;
  let payout = 0;
  let eventId: string | undefined;
  for (const side of ["yes", "no"] as const) {
    const key = `${venue}:${m}:${side}`;
    const l = state.holdings.get(key);
    if (l === undefined) continue;
    cost += l.costMicros + l.feesMicros;
    if (side === winner) payout += l.contractsHundredths * PAYOUT_MICROS_PER_HUNDREDTH;
    eventId ??= ctx.gameOf.get(key);
    state.holdings.delete(key);
  }
  if (cost === 0 && payout === 0) return;
  const pnl = payout - cost;
  const e = state.exposure;
  e.total -= cost;
  e.byMarket.delete(m);
  if (eventId !== undefined) e.byEvent.set(eventId, Math.max(0, (e.byEvent.get(eventId) ?? 0) - cost));
  out.write({ kind: "settlement", venue, market: m, winner, pnlMicros: pnl, payoutMicros: payout, tsMs: out.nowMs });
  out.write({ kind: "pnl", day: Math.floor(out.nowMs / DAY_MS), lockedProfitMicros: 0, realizedPnlMicros: pnl, unwindLossMicros: 0, feesMicros: 0 });
  out.emit({ kind: "market.settled", venue, market: m, winner, pnlMicros: pnl, tsMs: out.nowMs });
  if (eventId === undefined) return;
  const game = (state.gameRealized.get(eventId) ?? 0) + pnl;
  const open = [...state.holdings.keys()].some((k) => ctx.gameOf.get(k) === eventId);
  if (open) state.gameRealized.set(eventId, game);
  else {
    state.gameRealized.delete(eventId);
    if (game < 0) breaker(state, { kind: "loss", micros: -game }, ctx, out);
  }
}
