import type { CancelAck, OrderAck, OrderState, TimeInForce, VenueError, VenueResult } from "@arb/venues";
import type { VenueId } from "@arb/domain";
import { evaluateArb } from "./arbs.js";
import { claimBook } from "./claims.js";
import type { LegRef } from "./legs.js";
import { type OrderInput, TERMINAL, fillInput, transition } from "./order-fsm.js";
import type { ArbRec, ExecState, OrderRec, OrderRole, StepContext } from "./state.js";
import type { Out } from "./out.js";
import { breaker } from "./breaker-step.js";
import { orderRow } from "./rows.js";
import { timeInForceOf } from "./rules.js";
import { bindVenueId } from "./fills.js";

/** Orders: placing one, its state machine, the venue's answers and lookups, cancels. */

export function placeOrder(
  state: ExecState,
  arb: ArbRec,
  role: OrderRole,
  ref: { venue: LegRef["venue"]; leg: number },
  market: string,
  action: "buy" | "sell",
  outcome: "yes" | "no",
  priceUnits: number,
  sizeHundredths: number,
  ctx: StepContext,
  out: Out,
): OrderRec {
  const now = out.nowMs;
  const clientOrderId = `${arb.arbId}-${arb.orders.length + 1}`;
  // Resolution orders take what is there now; entries use the configured IOC/FOK choice.
  const timeInForce: TimeInForce = role === "entry" ? timeInForceOf(ref, ctx) : "immediate_or_cancel";
  const o: OrderRec = {
    clientOrderId,
    arbId: arb.arbId,
    role,
    venue: ref.venue,
    market,
    pair: arb.pair,
    leg: ref.leg,
    outcome,
    action,
    priceUnits,
    sizeHundredths,
    timeInForce,
    status: "new",
    venueOrderId: undefined,
    filledHundredths: 0,
    venueFilledHundredths: 0,
    costMicros: 0,
    feeMicros: 0,
    cancelRequested: false,
    lookups: 0,
    errorCode: undefined,
    createdMs: now,
    updatedMs: now,
  };
  state.orders.set(clientOrderId, o);
  arb.orders.push(clientOrderId);
  claimBook(state.claims, o);
  advance(o, "send", "", out);
  out.act({ kind: "order.place", venue: o.venue, intent: { clientOrderId, market, outcome, action, priceUnits, sizeHundredths, timeInForce } });
  return o;
}

/** Applies one FSM input; a refused transition is reported and leaves the order as it was. */
function advance(o: OrderRec, input: OrderInput, detail: string, out: Out): void {
  const t = transition(o.status, input);
  if (!t.ok) {
    out.emit({ kind: "order.transition-refused", clientOrderId: o.clientOrderId, from: o.status, input, tsMs: out.nowMs });
    return;
  }
  const from = o.status;
  o.status = t.to;
  o.updatedMs = out.nowMs;
  out.write({ kind: "order", row: orderRow(o) });
  if (from !== t.to) {
    out.write({ kind: "order-event", clientOrderId: o.clientOrderId, from, to: t.to, input, detail, tsMs: out.nowMs });
    out.emit({ kind: "order.changed", clientOrderId: o.clientOrderId, arbId: o.arbId, from, to: t.to, input, tsMs: out.nowMs });
  }
}

export function findOrder(state: ExecState, clientOrderId: string | undefined, venue: string, venueOrderId: string | undefined): OrderRec | undefined {
  const byClient = clientOrderId === undefined ? undefined : state.orders.get(clientOrderId);
  if (byClient !== undefined) return byClient;
  const id = venueOrderId === undefined ? undefined : state.byVenueOrderId.get(`${venue}:${venueOrderId}`);
  return id === undefined ? undefined : state.orders.get(id);
}

/**
 * The id goes into the order's row before the order is sent, so a restart finds it by that id. Only writes: no fill
 * can wait for an id nobody has seen yet. A replacement (the first was refused, unplaced) takes the id over; the
 * refused one will never be reported.
 */
export function onIdentified(state: ExecState, o: OrderRec, venueOrderId: string, out: Out): void {
  if (o.venueOrderId === venueOrderId) return;
  if (o.venueOrderId !== undefined) state.byVenueOrderId.delete(`${o.venue}:${o.venueOrderId}`);
  o.venueOrderId = venueOrderId;
  state.byVenueOrderId.set(`${o.venue}:${venueOrderId}`, o.clientOrderId);
  o.updatedMs = out.nowMs;
  out.write({ kind: "order", row: orderRow(o) });
}

export function venueCount(o: OrderRec, filled: number, out: Out): void {
  if (filled > o.venueFilledHundredths) o.venueFilledHundredths = filled;
  const input = fillInput(o.venueFilledHundredths, o.sizeHundredths);
  if (input !== undefined && !(input === "fill_part" && o.status === "partially_filled")) advance(o, input, `venue filled ${o.venueFilledHundredths}`, out);
}

function onAck(state: ExecState, o: OrderRec, ack: OrderAck, ctx: StepContext, out: Out): void {
  bindVenueId(state, o, ack.orderId, ctx, out);
  breaker(state, { kind: "success" }, ctx, out);
  advance(o, "ack", "", out);
  venueCount(o, ack.filledHundredths, out);
  if (ack.remainingHundredths === 0) {
    if (o.venueFilledHundredths < o.sizeHundredths) advance(o, "expire", "unfilled rest cancelled by the venue", out);
  } else requestCancel(o, out);
}

/** An IOC/FOK leg should never rest; when it does (the venue's choice), what rests is cancelled at once. */
export function requestCancel(o: OrderRec, out: Out): void {
  if (o.cancelRequested || o.venueOrderId === undefined || TERMINAL.has(o.status)) return;
  o.cancelRequested = true;
  out.write({ kind: "order", row: orderRow(o) });
  out.act({ kind: "order.cancel", venue: o.venue, clientOrderId: o.clientOrderId, venueOrderId: o.venueOrderId });
}

function onPlaceError(state: ExecState, o: OrderRec, error: VenueError, ctx: StepContext, out: Out): void {
  o.errorCode = error.code;
  breaker(state, { kind: "error" }, ctx, out);
  if (error.outcome === "unknown") {
    // It may have been placed: look it up rather than guess.
    out.write({ kind: "order", row: orderRow(o) });
    out.act({ kind: "order.lookup", venue: o.venue, clientOrderId: o.clientOrderId, market: o.market, venueOrderId: o.venueOrderId });
    o.lookups++;
    return;
  }
  advance(o, "reject", `${error.code}: ${error.message}`, out);
}

function observe(state: ExecState, o: OrderRec, s: OrderState, out: Out): void {
  if (s.orderId !== "") {
    o.venueOrderId ??= s.orderId;
    state.byVenueOrderId.set(`${o.venue}:${s.orderId}`, o.clientOrderId);
  }
  if (o.status === "sent") advance(o, "ack", "seen at the venue", out);
  venueCount(o, s.filledHundredths, out);
  if (s.status === "canceled") advance(o, o.cancelRequested ? "cancel" : "expire", "venue says canceled", out);
  else if (s.status === "executed" && o.venueFilledHundredths < o.sizeHundredths) advance(o, "expire", "venue says executed", out);
  else if (s.status === "resting") requestCancel(o, out);
}

// ---- the venue's answers (one handler per engine input) ----

export function onAnswered(state: ExecState, clientOrderId: string, result: VenueResult<OrderAck>, ctx: StepContext, out: Out): void {
  const o = state.orders.get(clientOrderId);
  if (o === undefined) return;
  if (result.ok) onAck(state, o, result.value, ctx, out);
  else onPlaceError(state, o, result.error, ctx, out);
  evaluateArb(state, o.arbId, ctx, out);
}

export function onObserved(state: ExecState, venue: VenueId, order: OrderState, ctx: StepContext, out: Out): void {
  const o = findOrder(state, order.clientOrderId, venue, order.orderId);
  if (o === undefined) return;
  observe(state, o, order, out);
  evaluateArb(state, o.arbId, ctx, out);
}

export function onLookedUp(state: ExecState, clientOrderId: string, result: VenueResult<OrderState | undefined>, ctx: StepContext, out: Out): void {
  const o = state.orders.get(clientOrderId);
  if (o === undefined || !result.ok) return;
  if (result.value !== undefined) observe(state, o, result.value, out);
  else if (o.lookups >= 2 && (o.status === "sent" || o.status === "new")) {
    // Twice not found after the answer was lost: the request never reached the venue.
    o.errorCode = "NOT_AT_VENUE";
    advance(o, "expire", "not found at the venue", out);
  }
  evaluateArb(state, o.arbId, ctx, out);
}

export function onAbsent(state: ExecState, clientOrderId: string, ctx: StepContext, out: Out): void {
  const o = state.orders.get(clientOrderId);
  if (o === undefined) return;
  o.errorCode = "NOT_AT_VENUE";
  if (o.status === "new" || o.status === "sent") advance(o, "expire", "absent at the venue on reconcile", out);
  evaluateArb(state, o.arbId, ctx, out);
}

export function onCancelAnswered(state: ExecState, clientOrderId: string, result: VenueResult<CancelAck>, ctx: StepContext, out: Out): void {
  const o = state.orders.get(clientOrderId);
  if (o === undefined) return;
  if (result.ok) advance(o, "cancel", `reduced by ${result.value.reducedByHundredths}`, out);
  else out.act({ kind: "order.lookup", venue: o.venue, clientOrderId: o.clientOrderId, market: o.market, venueOrderId: o.venueOrderId });
  evaluateArb(state, o.arbId, ctx, out);
}
