import { assertNever } from "../events.js";
import { evaluateArb, onTimer } from "./arbs.js";
import { initialBreaker } from "./breaker.js";
import { breaker } from "./breaker-step.js";
import { onOpportunity } from "./entry.js";
import { onBookChanged, openLossMicros } from "./excess.js";
import { onFill, onFillList, onFillReversed } from "./fills.js";
import { onAbsent, onAnswered, onCancelAnswered, onIdentified, onLookedUp, onObserved, requestCancel } from "./orders.js";
import { Out } from "./out.js";
import { onFeesChanged } from "./rules.js";
import { onSettled } from "./settle.js";
import type { Command, EngineInput, ExecState, StepContext } from "./state.js";

/**
 * The pure decision core: `step(state, input, ctx, nowMs)` → commands. Ledger writes come first in the returned list
 * and the shell commits them before it carries out anything else, so an order is on disk before it is sent. One case
 * per input kind, each handed to the file of its concern; a new input kind fails the build here (assertNever).
 */
export function step(state: ExecState, input: EngineInput, ctx: StepContext, nowMs: number): Command[] {
  const out = new Out(nowMs);
  switch (input.kind) {
    case "opportunity.detected":
      onOpportunity(state, input.pair, input.type, ctx, out);
      break;
    case "order.identified": {
      const o = state.orders.get(input.clientOrderId);
      if (o !== undefined) onIdentified(state, o, input.venueOrderId, out);
      break;
    }
    case "order.answered":
      onAnswered(state, input.clientOrderId, input.result, ctx, out);
      break;
    case "order.observed":
      onObserved(state, input.venue, input.order, ctx, out);
      break;
    case "order.looked-up":
      onLookedUp(state, input.clientOrderId, input.result, ctx, out);
      break;
    case "order.absent":
      onAbsent(state, input.clientOrderId, ctx, out);
      break;
    case "fill.observed":
      onFill(state, input.venue, input.fill, ctx, out);
      break;
    case "fill.reversed":
      onFillReversed(state, input.venue, input.fill, ctx, out);
      break;
    case "fills.fetched": {
      const o = state.orders.get(input.clientOrderId);
      if (!input.result.ok || o === undefined) break;
      onFillList(state, o, input.result.value, ctx, out);
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
    case "cancel.answered":
      onCancelAnswered(state, input.clientOrderId, input.result, ctx, out);
      break;
    case "timer.fired":
      onTimer(state, input.arbId, ctx, out);
      break;
    case "market.settled":
      onSettled(state, input.venue, input.market, input.winner, ctx, out);
      break;
    case "book.changed":
      onBookChanged(state, input.venue, input.market, ctx, out);
      break;
    case "fees.changed":
      onFeesChanged(state, input.venue, input.eventId, input.ratePpm, ctx, out);
      break;
    case "breaker.reset-requested":
      breaker(state, { kind: "reset" }, ctx, out);
      break;
    case "breaker.trip-requested":
      breaker(state, { kind: "trip", detail: input.detail }, ctx, out);
      break;
    case "entries.stopped":
      state.entriesStopped = true;
      break;
    case "orders.cancel-requested":
      for (const o of state.orders.values()) requestCancel(o, out);
      break;
    case "clock.ticked":
      breaker(state, { kind: "tick" }, ctx, out);
      if (state.exposed.size > 0 || state.breaker.openLossMicros > 0) breaker(state, { kind: "open-loss", micros: openLossMicros(state, ctx) }, ctx, out);
      break;
    default:
      assertNever(input);
  }
  return out.commands();
}

export function createExecState(runId: string, nowMs: number): ExecState {
  return {
    runId,
    seq: 0,
    orders: new Map(),
    byVenueOrderId: new Map(),
    arbs: new Map(),
    seenFills: new Set(),
    reversedFills: new Set(),
    orderFills: new Map(),
    orderReversed: new Map(),
    earlyFills: new Map(),
    holdings: new Map(),
    exposed: new Set(),
    gameRealized: new Map(),
    entriesStopped: false,
    exposure: { byMarket: new Map(), byEvent: new Map(), total: 0 },
    breaker: initialBreaker(nowMs),
    firstSeenMs: new Map(),
    claims: new Map(),
    eventFeeRules: new Map(),
  };
}
