import { type ArbType, ONE_DOLLAR_UNITS, kalshiTradeFeeMicros, polymarketOrderFeeMicros } from "@arb/domain";
import type { FillReport, OrderState, TimeInForce, VenueError } from "@arb/venues";
import { type BreakerInput, DAY_MS, applyBreaker, initialBreaker } from "./breaker.js";
import { bookOf, claimBook, claimOn, withoutClaimed } from "./claims.js";
import type { PairSpec, VenueRules } from "./config.js";
import type { Alert, ExecutionEvent, RejectReason } from "./events.js";
import { ARB_LEGS, type LegRef, legOf, marketOf, opposite, venueMarketOf } from "./legs.js";
import { type OrderInput, TERMINAL, fillInput, transition } from "./order-fsm.js";
import { addToHolding, holdingOf, marketHundredths, pairView } from "./holdings.js";
import { computePairMetrics, isYesLeg, outcomePriceUnits } from "./positions.js";
import { type RiskLeg, checkRisk, computeFillProbabilityPpm } from "./risk.js";
import { PAYOUT_MICROS_PER_HUNDREDTH, planSize } from "./sizing.js";
import type { ArbRec, ArbRow, Command, EngineInput, ExecState, OrderRec, OrderRole, OrderRow, StepContext } from "./state.js";
import { type ResolveCandidate, type ResolveOrder, planResolve } from "./unwind.js";

/**
 * The pure decision core: `step(state, input, ctx, nowMs)` → commands. Ledger writes come first in the returned list
 * and the shell commits them before it carries out anything else, so an order is on disk before it is sent.
 */

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
    kalshiFeeRules: new Map(),
  };
}

class Out {
  readonly writes: Command[] = [];
  readonly actions: Command[] = [];
  constructor(readonly nowMs: number) {}
  write(w: Extract<Command, { kind: "ledger.write" }>["write"]): void {
    this.writes.push({ kind: "ledger.write", write: w });
  }
  act(c: Command): void {
    this.actions.push(c);
  }
  emit(event: ExecutionEvent): void {
    this.actions.push({ kind: "event.emit", event });
  }
  alert(alert: Alert): void {
    this.write({ kind: "alert", alert });
    this.actions.push({ kind: "alert.raise", alert });
  }
  commands(): Command[] {
    return this.writes.length === 0 ? this.actions : this.writes.concat(this.actions);
  }
}

export function step(state: ExecState, input: EngineInput, ctx: StepContext, nowMs: number): Command[] {
  const out = new Out(nowMs);
  switch (input.kind) {
    case "opportunity.detected":
      onOpportunity(state, input.pair, input.type, ctx, out);
      break;
    case "order.identified": {
      const o = state.orders.get(input.clientOrderId);
      if (o === undefined) break;
      onIdentified(state, o, input.venueOrderId, out);
      break;
    }
    case "order.answered": {
      const o = state.orders.get(input.clientOrderId);
      if (o === undefined) break;
      if (input.result.ok) onAck(state, o, input.result.value, ctx, out);
      else onPlaceError(state, o, input.result.error, ctx, out);
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
    case "order.observed": {
      const o = findOrder(state, input.order.clientOrderId, input.venue, input.order.orderId);
      if (o === undefined) break;
      observe(state, o, input.order, out);
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
    case "order.looked-up": {
      const o = state.orders.get(input.clientOrderId);
      if (o === undefined || !input.result.ok) break;
      if (input.result.value !== undefined) observe(state, o, input.result.value, out);
      else if (o.lookups >= 2 && (o.status === "sent" || o.status === "new")) {
        // Twice not found after the answer was lost: the request never reached the venue.
        o.errorCode = "NOT_AT_VENUE";
        advance(o, "expire", "not found at the venue", out);
      }
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
    case "order.absent": {
      const o = state.orders.get(input.clientOrderId);
      if (o === undefined) break;
      o.errorCode = "NOT_AT_VENUE";
      if (o.status === "new" || o.status === "sent") advance(o, "expire", "absent at the venue on reconcile", out);
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
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
    case "cancel.answered": {
      const o = state.orders.get(input.clientOrderId);
      if (o === undefined) break;
      if (input.result.ok) advance(o, "cancel", `reduced by ${input.result.value.reducedByHundredths}`, out);
      else out.act({ kind: "order.lookup", venue: o.venue, clientOrderId: o.clientOrderId, market: o.market, venueOrderId: o.venueOrderId });
      evaluateArb(state, o.arbId, ctx, out);
      break;
    }
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
  }
  return out.commands();
}

// ---- entries ----

function reject(pair: number, type: ArbType, reason: RejectReason, detail: string, out: Out): void {
  out.emit({ kind: "opportunity.rejected", pair, type, reason, detail, tsMs: out.nowMs });
}

function onOpportunity(state: ExecState, pair: number, type: ArbType, ctx: StepContext, out: Out): void {
  const now = out.nowMs;
  const spec = ctx.pairs.get(pair);
  if (spec === undefined) {
    reject(pair, type, "UNKNOWN_PAIR", "no pair spec", out);
    return;
  }
  breaker(state, { kind: "tick" }, ctx, out);
  if (state.breaker.tripped !== undefined) {
    reject(pair, type, "BREAKER_TRIPPED", state.breaker.tripped.reason, out);
    return;
  }
  if (state.entriesStopped) {
    reject(pair, type, "ENTRIES_STOPPED", "shutting down", out);
    return;
  }
  const refs = ARB_LEGS[type];
  const [ra, rb] = refs;
  const ma = marketOf(spec, ra.venue);
  const mb = marketOf(spec, rb.venue);
  if (ma === undefined || mb === undefined) {
    reject(pair, type, "UNKNOWN_PAIR", `no ${ma === undefined ? ra.venue : rb.venue} market`, out);
    return;
  }
  for (const id of state.exposed) {
    if (state.arbs.get(id)?.eventId !== spec.eventId) continue;
    reject(pair, type, "GAME_EXPOSED", `arb ${id} holds unmatched contracts in this game`, out);
    return;
  }
  if (ra.venue === rb.venue) {
    const owner = ctx.marketOwners.get(`${ra.venue}:${venueMarketOf(ma)}`);
    if (owner !== undefined && owner !== pair) {
      reject(pair, type, "SHARED_MARKET", `pair ${owner} takes this market's same-venue arbs`, out);
      return;
    }
  }
  const cfg = ctx.config;
  const rulesA = rulesOf(state, ra.venue, spec, ctx);
  const rulesB = rulesOf(state, rb.venue, spec, ctx);
  if (rulesA === null || rulesB === null) {
    reject(pair, type, "FEE_UNKNOWN", `event ${spec.eventId} has a fee the engine cannot model`, out);
    return;
  }
  // One arb at a time on a book side (another pair's arb may want the same liquidity), and sized against what the
  // books have left after the bot's own finished orders (claims.ts). A refused one is looked at again later.
  const hold = cfg.execution.claimHoldMs;
  const bookA = bookOf(ra.venue, ma, ra.outcome, "buy");
  const bookB = bookOf(rb.venue, mb, rb.outcome, "buy");
  const claimA = claimOn(state.claims, bookA, now, hold);
  const claimB = claimOn(state.claims, bookB, now, hold);
  if (claimA.live > 0 || claimB.live > 0) {
    out.act({ kind: "opportunity.recheck", pair, atMs: now + hold });
    reject(pair, type, "BOOK_CLAIMED", `the bot's own orders are working on ${claimA.live > 0 ? bookA : bookB}`, out);
    return;
  }
  const rawA = ctx.books.asks(ra.venue, ma, ra.outcome);
  const rawB = ctx.books.asks(rb.venue, mb, rb.outcome);
  const da = { venue: ra.venue, asks: withoutClaimed(rawA, claimA.held) };
  const db = { venue: rb.venue, asks: withoutClaimed(rawB, claimB.held) };
  const limits = { maxHundredths: cfg.risk.maxOrderHundredths, minProfitMicros: cfg.risk.minProfitMicros, minEdgeBps: cfg.risk.minEdgeBps };
  const sized = planSize(da, rulesA, db, rulesB, limits);
  if (!sized.ok) {
    state.firstSeenMs.delete(pair);
    if (claimA.held + claimB.held > 0 && planSize({ venue: ra.venue, asks: rawA }, rulesA, { venue: rb.venue, asks: rawB }, rulesB, limits).ok) {
      // The books show it only because the venue's frames have not yet removed what the bot just bought.
      out.act({ kind: "opportunity.recheck", pair, atMs: now + hold });
      reject(pair, type, "BOOK_CLAIMED", `${claimA.held + claimB.held} hundredths just taken by the bot's own orders`, out);
      return;
    }
    reject(pair, type, sized.reason, "sizing", out);
    return;
  }
  const plan = sized.plan;
  const first = state.firstSeenMs.get(pair);
  const firstSeenMs = first === undefined || now - first > cfg.risk.maxBookAgeMs ? now : first;
  state.firstSeenMs.set(pair, firstSeenMs);
  const fa = ctx.books.freshness(ra.venue, ma);
  const fb = ctx.books.freshness(rb.venue, mb);
  const legs: [RiskLeg, RiskLeg] = [
    {
      market: ma,
      bookTsMs: fa.tsMs,
      stale: fa.stale,
      topHundredths: da.asks[1] ?? 0,
      orderHundredths: plan.sizeHundredths,
      costMicros: plan.legs[0].costMicros,
    },
    {
      market: mb,
      bookTsMs: fb.tsMs,
      stale: fb.stale,
      topHundredths: db.asks[1] ?? 0,
      orderHundredths: plan.sizeHundredths,
      costMicros: plan.legs[1].costMicros,
    },
  ];
  const risk = checkRisk(
    {
      edgeBps: plan.edgeBps,
      legs,
      matchConfidencePpm: spec.matchConfidencePpm,
      ...(spec.gameStartMs !== undefined && { gameStartMs: spec.gameStartMs }),
      firstSeenMs,
      exposureMicros: { byMarket: state.exposure.byMarket, event: state.exposure.byEvent.get(spec.eventId) ?? 0, total: state.exposure.total },
    },
    cfg.risk,
    now,
  );
  if (!risk.ok) {
    if (risk.reason === "NOT_PERSISTED") out.act({ kind: "opportunity.recheck", pair, atMs: firstSeenMs + cfg.risk.persistMs });
    reject(pair, type, risk.reason, risk.detail, out);
    return;
  }
  if (!ctx.inflight.tryAcquire(pair, now)) {
    reject(pair, type, "PAIR_IN_FLIGHT", "already trading this pair", out);
    return;
  }
  state.firstSeenMs.delete(pair);

  const arbId = `${state.runId}-${++state.seq}`;
  const mode = spec.mode ?? cfg.execution.mode;
  const arb: ArbRec = {
    arbId,
    pair,
    eventId: spec.eventId,
    legs: [
      { venue: ra.venue, market: ma, outcome: ra.outcome },
      { venue: rb.venue, market: mb, outcome: rb.outcome },
    ],
    type,
    mode,
    plannedHundredths: plan.sizeHundredths,
    expectedProfitMicros: plan.profitMicros,
    status: "open",
    orders: [],
    pendingSecond: undefined,
    resolveAttempts: 0,
    exposedHundredths: 0,
    exposedFinal: false,
    pnlMicros: 0,
    unwindLossMicros: 0,
    createdMs: now,
    deadlineMs: now + cfg.execution.orderTimeoutMs,
    closedMs: undefined,
  };
  state.arbs.set(arbId, arb);
  const entries = [
    { ref: ra, market: ma, price: plan.legs[0].limitPriceUnits },
    { ref: rb, market: mb, price: plan.legs[1].limitPriceUnits },
  ];
  if (mode === "sequential") {
    // The leg more likely to fail goes first; the other only on its fill.
    const pa = computeFillProbabilityPpm([legs[0]], now, cfg.risk.fillProbabilityHalfLifeMs);
    const pb = computeFillProbabilityPpm([legs[1]], now, cfg.risk.fillProbabilityHalfLifeMs);
    if (pb < pa) entries.reverse();
    const second = entries[1] as (typeof entries)[number];
    arb.pendingSecond = { venue: second.ref.venue, market: second.market, leg: second.ref.leg, outcome: second.ref.outcome, priceUnits: second.price };
    entries.length = 1;
  }
  out.write({ kind: "arb", row: arbRow(arb) });
  out.emit({
    kind: "arb.started",
    arbId,
    pair,
    type,
    mode,
    sizeHundredths: plan.sizeHundredths,
    expectedProfitMicros: plan.profitMicros,
    edgeBps: plan.edgeBps,
    books: [bookA, bookB],
    tsMs: now,
  });
  for (const e of entries) placeOrder(state, arb, "entry", e.ref, e.market, "buy", e.ref.outcome, e.price, plan.sizeHundredths, ctx, out);
  out.act({ kind: "timer.set", arbId, atMs: arb.deadlineMs });
}

/**
 * A venue's rules for one pair: a Polymarket market's own fee, Kalshi's event fee override; null when the venue set a
 * fee that cannot be modelled.
 */
function rulesOf(state: ExecState, venue: "kalshi" | "polymarket", spec: PairSpec, ctx: StepContext): VenueRules | null {
  if (venue === "polymarket") return ctx.polymarketRules.get(spec.pair) ?? ctx.config.venues.polymarket;
  const override = state.kalshiFeeRules.get(spec.eventId);
  return override === undefined ? ctx.config.venues.kalshi : override;
}

function onFeesChanged(
  state: ExecState,
  venue: "kalshi" | "polymarket",
  eventId: string,
  ratePpm: number | null | undefined,
  ctx: StepContext,
  out: Out,
): void {
  if (venue !== "kalshi") return;
  if (ratePpm === null) state.kalshiFeeRules.delete(eventId);
  else state.kalshiFeeRules.set(eventId, ratePpm === undefined ? null : { ...ctx.config.venues.kalshi, feeRatePpm: ratePpm });
  out.emit({ kind: "fees.changed", venue, eventId, ratePpm, tsMs: out.nowMs });
}

function timeInForceOf(ref: { venue: LegRef["venue"] }, ctx: StepContext): TimeInForce {
  return ref.venue === "kalshi" ? ctx.config.execution.kalshiTimeInForce : ctx.config.execution.polymarketTimeInForce;
}

function placeOrder(
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

// ---- order updates ----

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

function findOrder(state: ExecState, clientOrderId: string | undefined, venue: string, venueOrderId: string | undefined): OrderRec | undefined {
  const byClient = clientOrderId === undefined ? undefined : state.orders.get(clientOrderId);
  if (byClient !== undefined) return byClient;
  const id = venueOrderId === undefined ? undefined : state.byVenueOrderId.get(`${venue}:${venueOrderId}`);
  return id === undefined ? undefined : state.orders.get(id);
}

function bindVenueId(state: ExecState, o: OrderRec, venueOrderId: string, ctx: StepContext, out: Out): void {
  if (o.venueOrderId === venueOrderId) return;
  o.venueOrderId = venueOrderId;
  const key = `${o.venue}:${venueOrderId}`;
  state.byVenueOrderId.set(key, o.clientOrderId);
  const early = state.earlyFills.get(key);
  if (early !== undefined) {
    state.earlyFills.delete(key);
    for (const f of early) onFill(state, o.venue, { ...f, clientOrderId: o.clientOrderId }, ctx, out);
  }
}

/**
 * The id goes into the order's row before the order is sent, so a restart finds it by that id. Only writes: no fill
 * can wait for an id nobody has seen yet. A replacement (the first was refused, unplaced) takes the id over; the
 * refused one will never be reported.
 */
function onIdentified(state: ExecState, o: OrderRec, venueOrderId: string, out: Out): void {
  if (o.venueOrderId === venueOrderId) return;
  if (o.venueOrderId !== undefined) state.byVenueOrderId.delete(`${o.venue}:${o.venueOrderId}`);
  o.venueOrderId = venueOrderId;
  state.byVenueOrderId.set(`${o.venue}:${venueOrderId}`, o.clientOrderId);
  o.updatedMs = out.nowMs;
  out.write({ kind: "order", row: orderRow(o) });
}

function venueCount(o: OrderRec, filled: number, out: Out): void {
  if (filled > o.venueFilledHundredths) o.venueFilledHundredths = filled;
  const input = fillInput(o.venueFilledHundredths, o.sizeHundredths);
  if (input !== undefined && !(input === "fill_part" && o.status === "partially_filled")) advance(o, input, `venue filled ${o.venueFilledHundredths}`, out);
}

function onAck(state: ExecState, o: OrderRec, ack: import("@arb/venues").OrderAck, ctx: StepContext, out: Out): void {
  bindVenueId(state, o, ack.orderId, ctx, out);
  breaker(state, { kind: "success" }, ctx, out);
  advance(o, "ack", "", out);
  venueCount(o, ack.filledHundredths, out);
  if (ack.remainingHundredths === 0) {
    if (o.venueFilledHundredths < o.sizeHundredths) advance(o, "expire", "unfilled rest cancelled by the venue", out);
  } else requestCancel(o, out);
}

/** An IOC/FOK leg should never rest; when it does (the venue's choice), what rests is cancelled at once. */
function requestCancel(o: OrderRec, out: Out): void {
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

// ---- fills ----

function estimatedFee(state: ExecState, o: OrderRec, size: number, price: number, ctx: StepContext): number {
  const spec = ctx.pairs.get(o.pair);
  const r = (spec === undefined ? undefined : rulesOf(state, o.venue, spec, ctx)) ?? ctx.config.venues[o.venue];
  return o.venue === "kalshi" ? kalshiTradeFeeMicros(size, price, r.feeRatePpm) : polymarketOrderFeeMicros(size, price, r.feeRatePpm, r.feeExponent);
}

/**
 * A fill's identity across channels: Kalshi names a fill by trade id on the user channel and by fill id over REST,
 * and reports the trade id on both; Polymarket uses one id everywhere.
 */
const fillKeyOf = (f: FillReport): string => f.tradeId ?? f.fillId;

/** The venue's complete fill list for one order (REST): whatever is not booked yet is booked now. */
function onFillList(state: ExecState, o: OrderRec, fills: readonly FillReport[], ctx: StepContext, out: Out): void {
  for (const f of fills) onFill(state, o.venue, { ...f, clientOrderId: o.clientOrderId }, ctx, out);
}

function onFill(state: ExecState, venue: "kalshi" | "polymarket", f: FillReport, ctx: StepContext, out: Out): void {
  const fillId = fillKeyOf(f);
  const key = `${venue}:${fillId}`;
  // A fill of nothing is not a fill (booked, it would make the real fill of its trade id a duplicate).
  if (fillId === "" || f.sizeHundredths <= 0 || state.seenFills.has(key)) return;
  const o = findOrder(state, f.clientOrderId, venue, f.orderId);
  if (o === undefined) {
    // Ours or not, we cannot tell yet: keep it until an ack names the order (bounded by the orders we send).
    const k = `${venue}:${f.orderId}`;
    const list = state.earlyFills.get(k) ?? [];
    if (!list.some((x) => fillKeyOf(x) === fillId)) list.push(f);
    state.earlyFills.set(k, list);
    return;
  }
  state.seenFills.add(key);
  const booked = state.orderFills.get(o.clientOrderId) ?? [];
  const price = outcomePriceUnits(f.outcome, f.yesPriceUnits);
  const fee = f.feeMicros ?? estimatedFee(state, o, f.sizeHundredths, price, ctx);
  // A fill is the order's: its pair, leg and market are the order's. The venue names the outcome in its market's own
  // orientation, which is the pair's opposite when two pairs share a Polymarket market (the inverted market key);
  // the price paid for the contract bought is the same in either.
  const leg = o.leg;
  const outcome = isYesLeg(leg) ? "yes" : "no";
  booked.push({ fillId, outcome, yesPriceUnits: outcome === "yes" ? price : 10_000 - price, sizeHundredths: f.sizeHundredths, feeMicros: fee });
  state.orderFills.set(o.clientOrderId, booked);
  o.filledHundredths += f.sizeHundredths;
  o.costMicros += price * f.sizeHundredths;
  o.feeMicros += fee;
  if (o.venueOrderId === undefined && f.orderId !== "") bindVenueId(state, o, f.orderId, ctx, out);
  out.write({
    kind: "fill",
    row: {
      venue,
      fillId,
      clientOrderId: o.clientOrderId,
      venueOrderId: f.orderId,
      market: o.market,
      pair: o.pair,
      leg,
      priceUnits: price,
      sizeHundredths: f.sizeHundredths,
      feeMicros: fee,
      cashMicros: -(price * f.sizeHundredths + fee),
      isTaker: f.isTaker,
      tsMs: f.tsMs ?? out.nowMs,
    },
  });
  out.write({ kind: "pnl", day: Math.floor(out.nowMs / DAY_MS), lockedProfitMicros: 0, realizedPnlMicros: 0, unwindLossMicros: 0, feesMicros: fee });
  addToHolding(state.holdings, holdingOf(o.venue, o.market, outcome), price, f.sizeHundredths, fee);
  addExposure(state, o, price * f.sizeHundredths + fee);
  out.emit({
    kind: "fill.booked",
    clientOrderId: o.clientOrderId,
    arbId: o.arbId,
    venue,
    fillId,
    pair: o.pair,
    leg,
    priceUnits: price,
    sizeHundredths: f.sizeHundredths,
    feeMicros: fee,
    tsMs: out.nowMs,
  });
  emitPosition(state, o.pair, ctx, out);
  venueCount(o, o.filledHundredths, out);
  out.write({ kind: "order", row: orderRow(o) });
  const market = venueMarketOf(o.market);
  breaker(
    state,
    { kind: "positions", maxMarketHundredths: marketHundredths(state.holdings, o.venue, market), market, totalCostMicros: state.exposure.total },
    ctx,
    out,
  );
  evaluateArb(state, o.arbId, ctx, out);
}

/** The pair's view of what is held (the dashboards show positions by pair); nothing for a pair this run does not have. */
function emitPosition(state: ExecState, pair: number, ctx: StepContext, out: Out): void {
  const spec = ctx.pairs.get(pair);
  if (spec !== undefined) out.emit({ kind: "position.changed", pair, metrics: computePairMetrics(pairView(state.holdings, spec)), tsMs: out.nowMs });
}

/**
 * A booked fill the venue took back: everything it added is taken out again (order, position, exposure, fees), the
 * arb's profit is no longer locked, and the arb — likely one-sided now — is resolved again from scratch.
 */
function onFillReversed(state: ExecState, venue: "kalshi" | "polymarket", f: FillReport, ctx: StepContext, out: Out): void {
  const fillId = fillKeyOf(f);
  const key = `${venue}:${fillId}`;
  if (!state.seenFills.has(key) || state.reversedFills.has(key)) return;
  const o = findOrder(state, f.clientOrderId, venue, f.orderId);
  const booked = o === undefined ? undefined : state.orderFills.get(o.clientOrderId);
  const at = booked === undefined ? -1 : booked.findIndex((b) => b.fillId === fillId);
  const b = booked?.[at];
  if (o === undefined || booked === undefined || b === undefined) return;
  state.reversedFills.add(key);
  state.orderReversed.set(o.clientOrderId, (state.orderReversed.get(o.clientOrderId) ?? 0) + b.sizeHundredths);
  booked.splice(at, 1);
  const price = outcomePriceUnits(b.outcome, b.yesPriceUnits);
  const size = b.sizeHundredths;
  const leg = legOf(venue, b.outcome);
  const market = o.market;
  o.filledHundredths -= size;
  o.venueFilledHundredths = Math.max(o.filledHundredths, o.venueFilledHundredths - size);
  o.costMicros -= price * size;
  o.feeMicros -= b.feeMicros;
  o.updatedMs = out.nowMs;
  out.write({
    kind: "fill-reversed",
    tsMs: out.nowMs,
    row: {
      venue,
      fillId: b.fillId,
      clientOrderId: o.clientOrderId,
      venueOrderId: f.orderId,
      market,
      pair: o.pair,
      leg,
      priceUnits: price,
      sizeHundredths: size,
      feeMicros: b.feeMicros,
      cashMicros: -(price * size + b.feeMicros),
      isTaker: f.isTaker,
      tsMs: out.nowMs,
    },
  });
  out.write({ kind: "order", row: orderRow(o) });
  out.write({ kind: "pnl", day: Math.floor(out.nowMs / DAY_MS), lockedProfitMicros: 0, realizedPnlMicros: 0, unwindLossMicros: 0, feesMicros: -b.feeMicros });
  addToHolding(state.holdings, holdingOf(o.venue, market, b.outcome), price, -size, -b.feeMicros);
  addExposure(state, o, -(price * size + b.feeMicros));
  out.emit({
    kind: "fill.reversed",
    clientOrderId: o.clientOrderId,
    arbId: o.arbId,
    venue,
    fillId: b.fillId,
    pair: o.pair,
    leg,
    priceUnits: price,
    sizeHundredths: size,
    feeMicros: b.feeMicros,
    tsMs: out.nowMs,
  });
  emitPosition(state, o.pair, ctx, out);
  out.alert({
    kind: "fill.reversed",
    severity: "critical",
    tsMs: out.nowMs,
    arbId: o.arbId,
    pair: o.pair,
    exposureHundredths: size,
    exposureMicros: price * size + b.feeMicros,
    message: `${venue} took back fill ${b.fillId} (${size / 100} @ ${price}); the arb may be one-sided`,
  });
  const arb = state.arbs.get(o.arbId);
  if (arb === undefined) return;
  if (arb.status === "closed") {
    // Its profit was counted as locked when it closed; it is not any more.
    out.write({
      kind: "pnl",
      day: Math.floor(out.nowMs / DAY_MS),
      lockedProfitMicros: -arb.pnlMicros,
      realizedPnlMicros: 0,
      unwindLossMicros: -arb.unwindLossMicros,
      feesMicros: 0,
    });
    arb.pnlMicros = 0;
    arb.unwindLossMicros = 0;
    ctx.inflight.tryAcquire(arb.pair, out.nowMs);
  }
  if (arb.status === "closed" || arb.status === "exposed") {
    arb.status = "resolving";
    arb.exposedHundredths = 0;
    arb.exposedFinal = false;
    arb.closedMs = undefined;
    arb.resolveAttempts = 0;
    out.write({ kind: "arb", row: arbRow(arb) });
  }
  evaluateArb(state, arb.arbId, ctx, out);
}

/** Cost basis held, counted by the venue market of the order and the game of its arb (not by the run's pair numbers). */
function addExposure(state: ExecState, o: OrderRec, micros: number): void {
  const e = state.exposure;
  const held = venueMarketOf(o.market);
  e.byMarket.set(held, (e.byMarket.get(held) ?? 0) + micros);
  const ev = state.arbs.get(o.arbId)?.eventId;
  if (ev !== undefined) e.byEvent.set(ev, (e.byEvent.get(ev) ?? 0) + micros);
  e.total += micros;
}

// ---- arbs ----

/**
 * Finished, with every fill the venue counts accounted for: booked, or taken back by the venue (a failed Polymarket
 * trade still counts in its order's matched size, and no fill will come for it).
 */
const settled = (state: ExecState, o: OrderRec): boolean =>
  TERMINAL.has(o.status) && o.filledHundredths + (state.orderReversed.get(o.clientOrderId) ?? 0) >= o.venueFilledHundredths;

interface ArbTotals {
  readonly yes: number;
  readonly no: number;
  readonly yesCost: number;
  readonly noCost: number;
}

function arbTotals(state: ExecState, arb: ArbRec, entriesOnly = false): ArbTotals {
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
function matchedPnlMicros(t: ArbTotals): number {
  const m = Math.min(t.yes, t.no);
  if (m === 0) return 0;
  return m * PAYOUT_MICROS_PER_HUNDREDTH - Math.floor((t.yesCost * m) / t.yes) - Math.floor((t.noCost * m) / t.no);
}

function evaluateArb(state: ExecState, arbId: string, ctx: StepContext, out: Out): void {
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

interface Excess {
  readonly hundredths: number;
  readonly outcome: "yes" | "no";
  /** Cost basis (with fees) of the unmatched contracts, pro rata from their side's average. */
  readonly costMicros: number;
}

function excessOf(t: ArbTotals): Excess {
  const outcome: "yes" | "no" = t.yes > t.no ? "yes" : "no";
  const hundredths = Math.abs(t.yes - t.no);
  const sideCost = outcome === "yes" ? t.yesCost : t.noCost;
  const sideSize = outcome === "yes" ? t.yes : t.no;
  return { hundredths, outcome, costMicros: sideSize === 0 ? 0 : Math.floor((sideCost * hundredths) / sideSize) };
}

/** The best resolving order within what is left of the arb's loss bound (what earlier hedges and unwinds lost is spent). */
function planExcess(
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

function placeResolve(state: ExecState, arb: ArbRec, r: ResolveOrder, excessOutcome: "yes" | "no", ctx: StepContext, out: Out): void {
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
function openLossMicros(state: ExecState, ctx: StepContext): number {
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
function onBookChanged(state: ExecState, venue: "kalshi" | "polymarket", market: string, ctx: StepContext, out: Out): void {
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
  const left = (venue: "kalshi" | "polymarket", market: string, outcome: "yes" | "no", action: "buy" | "sell") => {
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
    // On Polymarket the excess is completed rather than sold: buying the other token crosses the same single book at
    // the same price and fee as selling the held one, and the account then holds what the ledger books — a complete
    // set, worth $1 at resolution. A sale would leave the venue's tokens and cash apart from that booking.
    const sell = held.venue === "kalshi";
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

/** The rules a resolving order on one of an arb's markets follows: that market's fee where it is known. */
function marketRules(state: ExecState, arb: ArbRec, venue: "kalshi" | "polymarket", market: string, ctx: StepContext): VenueRules {
  if (venue === "kalshi") return state.kalshiFeeRules.get(arb.eventId) ?? ctx.config.venues.kalshi;
  const spec = ctx.specOfMarket.get(`polymarket:${market}`);
  return (spec === undefined ? undefined : ctx.polymarketRules.get(spec.pair)) ?? ctx.config.venues.polymarket;
}

/**
 * The excess stays held for now. Unless `final` (attempts or loss bound spent, or too small to trade), the arb stays
 * watched and is resolved when its books allow it; its game takes no new arb meanwhile (GAME_EXPOSED).
 */
function leaveExposed(arb: ArbRec, e: Excess, reason: string, final: boolean, out: Out): void {
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

function setTimer(arb: ArbRec, atMs: number, out: Out): void {
  out.act({ kind: "timer.set", arbId: arb.arbId, atMs });
}

function onTimer(state: ExecState, arbId: string, ctx: StepContext, out: Out): void {
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

/**
 * A venue market resolved: what is held in it pays (the winning side $1 a contract) and leaves the books. A market's
 * own P&L is not a loss to the breaker (an arb's losing leg is half of a won arb): the game's is, once its last
 * market has settled.
 */
function onSettled(state: ExecState, venue: "kalshi" | "polymarket", market: string, winner: "yes" | "no", ctx: StepContext, out: Out): void {
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

function breaker(state: ExecState, input: BreakerInput, ctx: StepContext, out: Out): void {
  const r = applyBreaker(state.breaker, input, out.nowMs, ctx.config.breaker);
  state.breaker = r.state;
  for (const e of r.effects) {
    out.write({ kind: "breaker", effect: e });
    if (e.kind === "breaker.tripped") {
      out.emit({ kind: "breaker.tripped", reason: e.reason, detail: e.detail, untilMs: e.untilMs, tsMs: out.nowMs });
      out.alert({
        kind: "breaker.tripped",
        severity: "critical",
        tsMs: out.nowMs,
        exposureHundredths: 0,
        exposureMicros: state.exposure.total,
        message: `breaker tripped: ${e.reason} (${e.detail})`,
      });
    } else out.emit({ kind: "breaker.reset", cause: e.cause, tsMs: out.nowMs });
  }
}
