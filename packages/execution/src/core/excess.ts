import type { VenueId } from "@arb/domain";
import { ONE_DOLLAR_UNITS } from "@arb/domain";
import { VENUE_MECHANICS } from "./venue-rules.js";
import { bookOf, claimOn, withoutClaimed } from "./claims.js";
import { legOf, opposite, venueMarketOf } from "./legs.js";
import type { ArbRec, ExecState, StepContext } from "./state.js";
import { type ResolveCandidate, type ResolveOrder, planResolve } from "./unwind.js";
import type { Out } from "./out.js";
import { arbRow } from "./rows.js";
import { marketRules } from "./rules.js";
import { placeOrder } from "./orders.js";
import { type ArbTotals, arbTotals, matchedPnlMicros, setTimer } from "./arbs.js";

/** Unmatched contracts: hedge or unwind within the loss bound, open loss, exposed arbs watched on their books. */

export interface Excess {
  readonly hundredths: number;
  readonly outcome: "yes" | "no";
  /** Cost basis (with fees) of the unmatched contracts, pro rata from their side's average. */
  readonly costMicros: number;
}

export function excessOf(t: ArbTotals): Excess {
  const outcome: "yes" | "no" = t.yes > t.no ? "yes" : "no";
  const hundredths = Math.abs(t.yes - t.no);
  const sideCost = outcome === "yes" ? t.yesCost : t.noCost;
  const sideSize = outcome === "yes" ? t.yes : t.no;
  return { hundredths, outcome, costMicros: sideSize === 0 ? 0 : Math.floor((sideCost * hundredths) / sideSize) };
}

/** The best resolving order within what is left of the arb's loss bound (what earlier hedges and unwinds lost is spent). */
export function planExcess(
  state: ExecState,
  arb: ArbRec,
  t: ArbTotals,
  ctx: StepContext,
  nowMs: number,
): { plan: ReturnType<typeof planResolve>; budgetMicros: number } {
  const e = excessOf(t);
  const budgetMicros = ctx.config.execution.maxResolveLossMicros - Math.max(0, matchedPnlMicros(arbTotals(state, arb, true)) - matchedPnlMicros(t));
  const plan = planResolve({
    excessHundredths: e.hundredths,
    excessCostMicros: e.costMicros,
    maxLossMicros: Math.max(0, budgetMicros),
    candidates: resolveCandidates(state, arb, e.outcome, ctx, nowMs),
  });
  return { plan, budgetMicros };
}

export function placeResolve(state: ExecState, arb: ArbRec, r: ResolveOrder, excessOutcome: "yes" | "no", ctx: StepContext, out: Out): void {
  arb.resolveAttempts++;
  arb.status = "resolving";
  arb.deadlineMs = out.nowMs + ctx.config.execution.orderTimeoutMs;
  out.write({ kind: "arb", row: arbRow(arb) });
  out.emit({
    kind: "exposure.resolving",
    arbId: arb.arbId,
    how: r.kind,
    venue: r.candidate.venue,
    sizeHundredths: r.sizeHundredths,
    limitPriceUnits: r.limitPriceUnits,
    expectedPnlMicros: r.expectedPnlMicros,
    tsMs: out.nowMs,
  });
  const c = r.candidate;
  placeOrder(
    state,
    arb,
    r.kind,
    { venue: c.venue, leg: legOf(c.venue, opposite(excessOutcome)) },
    c.market,
    c.action,
    c.outcome,
    r.limitPriceUnits,
    r.sizeHundredths,
    ctx,
    out,
  );
  setTimer(arb, arb.deadlineMs, out);
}

/**
 * What the unmatched contracts held would lose if sold now: each exposed arb's excess against its bid on the venue
 * where it is held (a YES bid is $1 − the NO ask on one book), nothing where no book shows a bid.
 */
export function openLossMicros(state: ExecState, ctx: StepContext): number {
  let loss = 0;
  for (const id of state.exposed) {
    const arb = state.arbs.get(id);
    if (arb === undefined) continue;
    const e = excessOf(arbTotals(state, arb));
    if (e.hundredths === 0) continue;
    const held = arb.legs.find((l) => l.outcome === e.outcome);
    const against = held === undefined ? undefined : ctx.books.asks(held.venue, held.market, opposite(e.outcome))[0];
    const bid = against === undefined ? 0 : ONE_DOLLAR_UNITS - against;
    loss += Math.max(0, e.costMicros - e.hundredths * bid);
  }
  return loss;
}

/**
 * A market the bot holds unmatched contracts in moved: each exposed arb on it that may still be resolved is planned
 * again, and resolved as soon as its books allow it within its loss bound (after a restart, as soon as they load).
 */
export function onBookChanged(state: ExecState, venue: VenueId, market: string, ctx: StepContext, out: Out): void {
  const moved = venueMarketOf(market);
  for (const id of state.exposed) {
    const arb = state.arbs.get(id);
    if (arb === undefined || arb.status !== "exposed" || arb.exposedFinal) continue;
    if (!arb.legs.some((l) => l.venue === venue && venueMarketOf(l.market) === moved)) continue;
    const t = arbTotals(state, arb);
    const p = planExcess(state, arb, t, ctx, out.nowMs);
    if (p.plan.kind === "order") placeResolve(state, arb, p.plan.order, excessOf(t).outcome, ctx, out);
  }
}

function resolveCandidates(state: ExecState, arb: ArbRec, excessOutcome: "yes" | "no", ctx: StepContext, nowMs: number): ResolveCandidate[] {
  // What the book has left after the bot's own orders on it, as for an entry (claims.ts).
  const left = (venue: VenueId, market: string, outcome: "yes" | "no", action: "buy" | "sell") => {
    const c = claimOn(state.claims, bookOf(venue, market, outcome, action), nowMs, ctx.config.execution.claimHoldMs);
    return withoutClaimed(ctx.books.asks(venue, market, action === "buy" ? outcome : opposite(outcome)), c.live + c.held);
  };
  const missing = opposite(excessOutcome);
  // The hedge buys the missing outcome where the arb meant to; the unwind sells the excess where it was bought. The
  // arb's own legs name the markets, whatever pair numbers this run gave them.
  const hedge = arb.legs.find((l) => l.outcome === missing);
  const held = arb.legs.find((l) => l.outcome === excessOutcome);
  const out: ResolveCandidate[] = [];
  if (hedge !== undefined) {
    out.push({
      kind: "hedge",
      venue: hedge.venue,
      market: hedge.market,
      action: "buy",
      outcome: missing,
      depth: { venue: hedge.venue, asks: left(hedge.venue, hedge.market, missing, "buy") },
      rules: marketRules(state, arb, hedge.venue, hedge.market, ctx),
    });
  }
  if (held !== undefined && !(hedge !== undefined && held.venue === hedge.venue && held.market === hedge.market)) {
    // Where the venue completes the excess rather than selling it (Polymarket), buying the other token crosses the
    // same single book at the same price and fee as selling the held one, and the account then holds what the ledger
    // books — a complete set, worth $1 at resolution. A sale would leave the venue's tokens and cash apart from that
    // booking (venue-rules.ts `unwind`).
    const sell = VENUE_MECHANICS[held.venue].unwind === "sell";
    out.push({
      kind: "unwind",
      venue: held.venue,
      market: held.market,
      action: sell ? "sell" : "buy",
      outcome: sell ? excessOutcome : missing,
      depth: { venue: held.venue, asks: sell ? left(held.venue, held.market, excessOutcome, "sell") : left(held.venue, held.market, missing, "buy") },
      rules: marketRules(state, arb, held.venue, held.market, ctx),
    });
  }
  return out;
}

/**
 * The excess stays held for now. Unless `final` (attempts or loss bound spent, or too small to trade), the arb stays
 * watched and is resolved when its books allow it; its game takes no new arb meanwhile (GAME_EXPOSED).
 */
export function leaveExposed(arb: ArbRec, e: Excess, reason: string, final: boolean, out: Out): void {
  if (arb.status === "exposed" && arb.exposedFinal === final) return;
  arb.status = "exposed";
  arb.exposedFinal = final;
  arb.exposedHundredths = e.hundredths;
  arb.closedMs = out.nowMs;
  out.write({ kind: "arb", row: arbRow(arb) });
  out.emit({
    kind: "exposure.residual",
    arbId: arb.arbId,
    pair: arb.pair,
    excessHundredths: e.hundredths,
    exposureMicros: e.costMicros,
    reason,
    final,
    tsMs: out.nowMs,
  });
  out.alert({
    kind: "exposure.residual",
    severity: final ? "critical" : "warn",
    tsMs: out.nowMs,
    arbId: arb.arbId,
    pair: arb.pair,
    exposureHundredths: e.hundredths,
    exposureMicros: e.costMicros,
    message: final
      ? `${e.hundredths / 100} ${e.outcome.toUpperCase()} contracts left unmatched (${reason}); manual action needed`
      : `${e.hundredths / 100} ${e.outcome.toUpperCase()} contracts unmatched (${reason}); resolved when its books allow`,
  });
  out.act({ kind: "pair.release", pair: arb.pair, cooldownMs: 0 });
}
