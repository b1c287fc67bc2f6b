import { DAY_MS } from "./breaker.js";
import { TERMINAL } from "./order-fsm.js";
import { isYesLeg } from "./positions.js";
import { PAYOUT_MICROS_PER_HUNDREDTH } from "./sizing.js";
import type { ArbRec, ExecState, OrderRec, StepContext } from "./state.js";
import type { Out } from "./out.js";
import { breaker } from "./breaker-step.js";
import { arbRow } from "./rows.js";
import { placeOrder, requestCancel } from "./orders.js";
import { excessOf, leaveExposed, placeResolve, planExcess } from "./excess.js";

/** The arb lifecycle: totals, evaluation after every change, close, timers. */

/**
 * Finished, with every fill the venue counts accounted for: booked, or taken back by the venue (a failed Polymarket
 * trade still counts in its order's matched size, and no fill will come for it).
 */
const settled = (state: ExecState, o: OrderRec): boolean =>
  TERMINAL.has(o.status) && o.filledHundredths + (state.orderReversed.get(o.clientOrderId) ?? 0) >= o.venueFilledHundredths;

export interface ArbTotals {
  readonly yes: number;
  readonly no: number;
  readonly yesCost: number;
  readonly noCost: number;
}

export function arbTotals(state: ExecState, arb: ArbRec, entriesOnly = false): ArbTotals {
  let yes = 0;
  let no = 0;
  let yesCost = 0;
  let noCost = 0;
  for (const id of arb.orders) {
    const o = state.orders.get(id);
    if (o === undefined || (entriesOnly && o.role !== "entry")) continue;
    if (isYesLeg(o.leg)) {
      yes += o.filledHundredths;
      yesCost += o.costMicros + o.feeMicros;
    } else {
      no += o.filledHundredths;
      noCost += o.costMicros + o.feeMicros;
    }
  }
  return { yes, no, yesCost, noCost };
}

/** P&L of the matched contracts (payout less their share of each side's cost); the excess is held at cost. */
export function matchedPnlMicros(t: ArbTotals): number {
  const m = Math.min(t.yes, t.no);
  if (m === 0) return 0;
  return m * PAYOUT_MICROS_PER_HUNDREDTH - Math.floor((t.yesCost * m) / t.yes) - Math.floor((t.noCost * m) / t.no);
}

export function evaluateArb(state: ExecState, arbId: string, ctx: StepContext, out: Out): void {
  const arb = state.arbs.get(arbId);
  if (arb === undefined) return;
  const orders = arb.orders.map((id) => state.orders.get(id)).filter((o): o is OrderRec => o !== undefined);
  const waiting = orders.filter((o) => !settled(state, o));
  if (waiting.length > 0) {
    // Terminal but fills missing: give the user channel a moment, then fetch them.
    if (waiting.every((o) => TERMINAL.has(o.status))) setTimer(arb, out.nowMs + ctx.config.execution.fillWaitMs, out);
    return;
  }
  const t = arbTotals(state, arb);
  if (arb.pendingSecond !== undefined) {
    const p = arb.pendingSecond;
    arb.pendingSecond = undefined;
    const rules = ctx.config.venues[p.venue];
    const size = t.yes + t.no - ((t.yes + t.no) % rules.lotHundredths);
    if (size >= rules.minOrderHundredths) {
      arb.deadlineMs = out.nowMs + ctx.config.execution.orderTimeoutMs;
      out.write({ kind: "arb", row: arbRow(arb) });
      placeOrder(state, arb, "entry", { venue: p.venue, leg: p.leg }, p.market, "buy", p.outcome, p.priceUnits, size, ctx, out);
      setTimer(arb, arb.deadlineMs, out);
      return;
    }
  }
  const excess = Math.abs(t.yes - t.no);
  if (excess === 0) {
    closeArb(state, arb, t, ctx, out);
    return;
  }
  if (arb.status === "exposed" && excess === arb.exposedHundredths) return;
  if (arb.status === "closed" || arb.status === "exposed") arb.status = "resolving";
  state.exposed.add(arbId);
  const r = excessOf(t);
  if (arb.resolveAttempts === 0) {
    out.emit({ kind: "leg.unhedged", arbId, pair: arb.pair, excessHundredths: excess, outcome: r.outcome, exposureMicros: r.costMicros, tsMs: out.nowMs });
    out.alert({
      kind: "leg.unhedged",
      severity: "warn",
      tsMs: out.nowMs,
      arbId,
      pair: arb.pair,
      exposureHundredths: excess,
      exposureMicros: r.costMicros,
      message: `${excess / 100} ${r.outcome.toUpperCase()} contracts unmatched; resolving`,
    });
  }
  if (arb.resolveAttempts >= ctx.config.execution.maxResolveAttempts) {
    leaveExposed(arb, r, "attempts exhausted", true, out);
    return;
  }
  const p = planExcess(state, arb, t, ctx, out.nowMs);
  if (p.plan.kind === "none") {
    // Without depth or within the loss bound now, it may be possible later: the arb's books are watched. A spent
    // bound or an excess below the venues' minimum will not change by itself.
    leaveExposed(arb, r, p.plan.reason, p.budgetMicros <= 0 || p.plan.reason === "BELOW_MINIMUM", out);
    return;
  }
  placeResolve(state, arb, p.plan.order, r.outcome, ctx, out);
}

function closeArb(state: ExecState, arb: ArbRec, t: { yes: number; no: number; yesCost: number; noCost: number }, ctx: StepContext, out: Out): void {
  if (arb.status === "closed") return;
  const pnl = t.yes * PAYOUT_MICROS_PER_HUNDREDTH - t.yesCost - t.noCost;
  // What the entry legs alone locked in, pro rata; the rest is what resolving the excess cost.
  let entryPnl = 0;
  const entries = arb.orders.map((id) => state.orders.get(id)).filter((o): o is OrderRec => o?.role === "entry");
  const ey = entries.filter((o) => isYesLeg(o.leg));
  const en = entries.filter((o) => !isYesLeg(o.leg));
  const sum = (xs: OrderRec[], f: (o: OrderRec) => number) => xs.reduce((s, o) => s + f(o), 0);
  const fy = sum(ey, (o) => o.filledHundredths);
  const fn = sum(en, (o) => o.filledHundredths);
  const m = Math.min(fy, fn);
  if (m > 0) {
    entryPnl =
      m * PAYOUT_MICROS_PER_HUNDREDTH -
      Math.floor((sum(ey, (o) => o.costMicros + o.feeMicros) * m) / fy) -
      Math.floor((sum(en, (o) => o.costMicros + o.feeMicros) * m) / fn);
  }
  const resolved = arb.orders.length > entries.length;
  const unwindLoss = resolved ? Math.max(0, entryPnl - pnl) : 0;
  const wasResolving = arb.status === "resolving" || arb.status === "exposed";
  arb.status = "closed";
  state.exposed.delete(arb.arbId);
  arb.pnlMicros = pnl;
  arb.unwindLossMicros = unwindLoss;
  arb.closedMs = out.nowMs;
  out.write({ kind: "arb", row: arbRow(arb) });
  out.write({ kind: "pnl", day: Math.floor(out.nowMs / DAY_MS), lockedProfitMicros: pnl, realizedPnlMicros: 0, unwindLossMicros: unwindLoss, feesMicros: 0 });
  out.emit({
    kind: "arb.closed",
    arbId: arb.arbId,
    pair: arb.pair,
    matchedHundredths: t.yes,
    pnlMicros: pnl,
    unwindLossMicros: unwindLoss,
    expectedProfitMicros: arb.expectedProfitMicros,
    tsMs: out.nowMs,
  });
  if (wasResolving) {
    out.alert({
      kind: "exposure.resolved",
      severity: "warn",
      tsMs: out.nowMs,
      arbId: arb.arbId,
      pair: arb.pair,
      exposureHundredths: 0,
      exposureMicros: 0,
      message: `excess resolved; arb P&L ${pnl} micros`,
    });
  }
  if (unwindLoss > 0) breaker(state, { kind: "loss", micros: unwindLoss }, ctx, out);
  const cooldown = ctx.pairs.get(arb.pair)?.cooldownMs ?? ctx.config.execution.cooldownMs;
  out.act({ kind: "pair.release", pair: arb.pair, cooldownMs: cooldown });
}

export function setTimer(arb: ArbRec, atMs: number, out: Out): void {
  out.act({ kind: "timer.set", arbId: arb.arbId, atMs });
}

export function onTimer(state: ExecState, arbId: string, ctx: StepContext, out: Out): void {
  const arb = state.arbs.get(arbId);
  if (arb === undefined || arb.status === "closed" || arb.status === "exposed") return;
  let pending = false;
  for (const id of arb.orders) {
    const o = state.orders.get(id);
    if (o === undefined || settled(state, o)) continue;
    pending = true;
    if (o.status === "new" || o.status === "sent" || o.cancelRequested) {
      o.lookups++;
      out.act({ kind: "order.lookup", venue: o.venue, clientOrderId: o.clientOrderId, market: o.market, venueOrderId: o.venueOrderId });
    } else if (!TERMINAL.has(o.status)) requestCancel(o, out);
    else if (o.venueOrderId !== undefined) out.act({ kind: "fills.fetch", venue: o.venue, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId });
    if (o.lookups === 5) {
      out.alert({
        kind: "order.stuck",
        severity: "critical",
        tsMs: out.nowMs,
        arbId,
        pair: arb.pair,
        exposureHundredths: o.sizeHundredths,
        exposureMicros: o.priceUnits * o.sizeHundredths,
        message: `order ${o.clientOrderId} unresolved after 5 lookups`,
      });
    }
  }
  if (pending) setTimer(arb, out.nowMs + ctx.config.execution.orderTimeoutMs, out);
  else evaluateArb(state, arbId, ctx, out);
}
