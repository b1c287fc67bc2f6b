import type { ArbType } from "@arb/domain";
import { bookOf, claimOn, withoutClaimed } from "./claims.js";
import type { RejectReason } from "../events.js";
import { ARB_LEGS, marketOf, venueMarketOf } from "./legs.js";
import { type RiskLeg, checkRisk, computeFillProbabilityPpm } from "./risk.js";
import { planSize } from "./sizing.js";
import type { ArbRec, ExecState, StepContext } from "./state.js";
import type { Out } from "./out.js";
import { breaker } from "./breaker-step.js";
import { arbRow } from "./rows.js";
import { rulesOf } from "./rules.js";
import { placeOrder } from "./orders.js";

/** An opportunity → pair and game checks → book claims → sizing → risk → the in-flight claim → an arb and its orders. */

function reject(pair: number, type: ArbType, reason: RejectReason, detail: string, out: Out): void {
  out.emit({ kind: "opportunity.rejected", pair, type, reason, detail, tsMs: out.nowMs });
}

export function onOpportunity(state: ExecState, pair: number, type: ArbType, ctx: StepContext, out: Out): void {
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
  if (!ctx.inflight.isFree(pair, now)) {
    reject(pair, type, "PAIR_IN_FLIGHT", "already trading this pair", out);
    return;
  }
  // The shell takes the slot before it sends this step's orders, in the same synchronous run: no other decision
  // can read the pair free in between.
  out.act({ kind: "pair.claim", pair, atMs: now, entry: true });
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
