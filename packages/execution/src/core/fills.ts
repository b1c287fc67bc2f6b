import type { VenueId } from "@arb/domain";
import { fillFeeMicros } from "./venue-rules.js";
import type { FillReport } from "@arb/venues";
import { DAY_MS } from "./breaker.js";
import { legOf, venueMarketOf } from "./legs.js";
import { addToHolding, holdingOf, marketHundredths, pairView } from "./holdings.js";
import { computePairMetrics, isYesLeg, outcomePriceUnits } from "./positions.js";
import type { ExecState, OrderRec, StepContext } from "./state.js";
import type { Out } from "./out.js";
import { breaker } from "./breaker-step.js";
import { arbRow, orderRow } from "./rows.js";
import { rulesOf } from "./rules.js";
import { findOrder, venueCount } from "./orders.js";
import { evaluateArb } from "./arbs.js";

/** Fills: booked once (deduped by trade id), fills that come before the ack, fills the venue takes back. */

export function bindVenueId(state: ExecState, o: OrderRec, venueOrderId: string, ctx: StepContext, out: Out): void {
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

function estimatedFee(state: ExecState, o: OrderRec, size: number, price: number, ctx: StepContext): number {
  const spec = ctx.pairs.get(o.pair);
  const r = (spec === undefined ? undefined : rulesOf(state, o.venue, spec, ctx)) ?? ctx.config.venues[o.venue];
  return fillFeeMicros(o.venue, size, price, r);
}

/**
 * A fill's identity across channels: Kalshi names a fill by trade id on the user channel and by fill id over REST,
 * and reports the trade id on both; Polymarket uses one id everywhere.
 */
const fillKeyOf = (f: FillReport): string => f.tradeId ?? f.fillId;

/** The venue's complete fill list for one order (REST): whatever is not booked yet is booked now. */
export function onFillList(state: ExecState, o: OrderRec, fills: readonly FillReport[], ctx: StepContext, out: Out): void {
  for (const f of fills) onFill(state, o.venue, { ...f, clientOrderId: o.clientOrderId }, ctx, out);
}

export function onFill(state: ExecState, venue: VenueId, f: FillReport, ctx: StepContext, out: Out): void {
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
export function onFillReversed(state: ExecState, venue: VenueId, f: FillReport, ctx: StepContext, out: Out): void {
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
    out.act({ kind: "pair.claim", pair: arb.pair, atMs: out.nowMs, entry: false });
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
