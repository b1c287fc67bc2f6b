import type { BookViews } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES } from "@arb/domain";
import { type ExecState, TERMINAL, computePairMetrics } from "@arb/execution";
import { type SessionStore, type TopRecord, noAsk } from "../state/store.js";
import { type OrderView, type PairView, type PositionView, type Snapshot, type TopOfBook, type World, edgesOf } from "../state/snapshot.js";

export interface PairLabel {
  readonly pair: number;
  readonly label: string;
  readonly league: string;
  readonly kalshiTicker: string;
  readonly conditionId: string;
}

function top(r: TopRecord | undefined, nowMs: number, staleAfterMs: number): TopOfBook {
  if (r === undefined) return { yesAskUnits: null, yesAskHundredths: 0, noAskUnits: null, noAskHundredths: 0, ageMs: null, stale: true };
  const ageMs = nowMs - r.tsMs;
  return {
    yesAskUnits: noAsk(r.yesAskUnits, r.yesAskHundredths) ? null : r.yesAskUnits,
    yesAskHundredths: r.yesAskHundredths,
    noAskUnits: noAsk(r.noAskUnits, r.noAskHundredths) ? null : r.noAskUnits,
    noAskHundredths: r.noAskHundredths,
    ageMs,
    stale: r.stale || ageMs > staleAfterMs,
  };
}

export interface SnapshotInputs {
  readonly world: World;
  readonly dryRun: boolean;
  readonly startedMs: number;
  readonly nowMs: number;
  readonly staleAfterMs: number;
  readonly pairs: readonly PairLabel[];
  readonly store: SessionStore;
  readonly views: BookViews;
  readonly exec: ExecState | undefined;
  readonly booksInconsistent: Snapshot["booksInconsistent"];
}

/** Pure over its inputs: one consistent picture for both dashboards, the summary and the metrics gauges. */
export function buildSnapshot(i: SnapshotInputs): Snapshot {
  const eff = i.views.eff;
  const pairs: PairView[] = i.pairs.map((p) => ({
    pair: p.pair,
    label: p.label,
    league: p.league,
    kalshi: top(i.store.tops[0].get(p.pair), i.nowMs, i.staleAfterMs),
    polymarket: top(i.store.tops[1].get(p.pair), i.nowMs, i.staleAfterMs),
    edgeUnits: edgesOf(eff[LEG_KALSHI_YES][p.pair] ?? 0xffff, eff[LEG_KALSHI_NO][p.pair] ?? 0xffff, eff[LEG_POLY_YES][p.pair] ?? 0xffff, eff[LEG_POLY_NO][p.pair] ?? 0xffff),
  }));
  const byPair = new Map(i.pairs.map((p) => [p.pair, p]));
  const orders: OrderView[] = [];
  const positions: PositionView[] = [];
  let guaranteed = 0;
  let unmatched = 0;
  let gross = 0;
  let fees = 0;
  let ordersSent = 0;
  if (i.exec !== undefined) {
    for (const o of i.exec.orders.values()) {
      ordersSent++;
      if (TERMINAL.has(o.status)) continue;
      orders.push({ clientOrderId: o.clientOrderId, venue: o.venue, market: o.market, outcome: o.outcome, priceUnits: o.priceUnits, sizeHundredths: o.sizeHundredths, filledHundredths: o.filledHundredths, status: o.status, ageMs: i.nowMs - o.createdMs });
    }
    for (const pos of i.exec.positions.values()) {
      const m = computePairMetrics(pos);
      guaranteed += m.guaranteedProfitMicros;
      unmatched += m.unmatchedCostMicros;
      gross += m.totalCostMicros;
      fees += m.feesMicros;
      const label = byPair.get(pos.pair)?.label ?? `pair ${pos.pair}`;
      const [ky, kn, py, pn] = pos.legs;
      if (ky.contractsHundredths + kn.contractsHundredths > 0)
        positions.push({ venue: "kalshi", market: byPair.get(pos.pair)?.kalshiTicker ?? "", label, yesHundredths: ky.contractsHundredths, noHundredths: kn.contractsHundredths, costMicros: ky.costMicros + kn.costMicros + ky.feesMicros + kn.feesMicros });
      if (py.contractsHundredths + pn.contractsHundredths > 0)
        positions.push({ venue: "polymarket", market: byPair.get(pos.pair)?.conditionId ?? "", label, yesHundredths: py.contractsHundredths, noHundredths: pn.contractsHundredths, costMicros: py.costMicros + pn.costMicros + py.feesMicros + pn.feesMicros });
    }
  }
  const s = i.store;
  const tripped = i.exec?.breaker.tripped;
  const breaker: Snapshot["breaker"] = tripped === undefined ? { state: "closed" } : { state: "open", reason: tripped.detail || tripped.reason, untilMs: tripped.untilMs };
  return {
    world: i.world,
    dryRun: i.dryRun,
    nowMs: i.nowMs,
    startedMs: i.startedMs,
    pairs,
    orders,
    positions,
    guaranteedPnlMicros: guaranteed,
    unmatchedExposureMicros: unmatched,
    grossExposureMicros: gross,
    feesMicros: fees,
    alerts: s.alerts,
    breaker,
    latency: { tickToOrder: s.tickToOrder.summary(), orderAck: s.orderAck.summary() },
    feeds: s.feedViews(i.nowMs),
    counters: { arbsSeen: s.arbsSeen, arbsTaken: s.arbsTaken, ordersSent, fills: s.fills, rejects: s.rejects },
    booksInconsistent: i.booksInconsistent,
  };
}
