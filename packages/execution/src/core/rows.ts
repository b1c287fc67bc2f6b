import type { ArbRec, ArbRow, OrderRec, OrderRow } from "./state.js";

/** The ledger's rows of an order and an arb (what `ledger.write` carries). */

export function orderRow(o: OrderRec): OrderRow {
  return {
    clientOrderId: o.clientOrderId,
    arbId: o.arbId,
    role: o.role,
    venue: o.venue,
    market: o.market,
    pair: o.pair,
    leg: o.leg,
    outcome: o.outcome,
    action: o.action,
    priceUnits: o.priceUnits,
    sizeHundredths: o.sizeHundredths,
    timeInForce: o.timeInForce,
    status: o.status,
    venueOrderId: o.venueOrderId,
    filledHundredths: o.filledHundredths,
    venueFilledHundredths: o.venueFilledHundredths,
    costMicros: o.costMicros,
    feeMicros: o.feeMicros,
    cancelRequested: o.cancelRequested,
    errorCode: o.errorCode,
    createdMs: o.createdMs,
    updatedMs: o.updatedMs,
  };
}

export function arbRow(a: ArbRec): ArbRow {
  return {
    arbId: a.arbId,
    pair: a.pair,
    eventId: a.eventId,
    legs: a.legs,
    type: a.type,
    mode: a.mode,
    plannedHundredths: a.plannedHundredths,
    expectedProfitMicros: a.expectedProfitMicros,
    status: a.status,
    pendingSecond: a.pendingSecond,
    resolveAttempts: a.resolveAttempts,
    pnlMicros: a.pnlMicros,
    unwindLossMicros: a.unwindLossMicros,
    createdMs: a.createdMs,
    deadlineMs: a.deadlineMs,
    closedMs: a.closedMs,
  };
}
