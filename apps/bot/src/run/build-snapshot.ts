import type { BookViews } from "@arb/core-wasm";
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES } from "@arb/domain";
import { type ExecState, type Game, TERMINAL, gameMetrics, parseHolding, unmappedMetrics } from "@arb/execution";
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
  /** The games of the pair set and the game of each holding (the execution engine's view). */
  readonly games: ReadonlyMap<string, Game>;
  readonly gameOf: ReadonlyMap<string, string>;
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
    edgeUnits: edgesOf(
      eff[LEG_KALSHI_YES][p.pair] ?? 0xffff,
      eff[LEG_KALSHI_NO][p.pair] ?? 0xffff,
      eff[LEG_POLY_YES][p.pair] ?? 0xffff,
      eff[LEG_POLY_NO][p.pair] ?? 0xffff,
    ),
  }));
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
      orders.push({
        clientOrderId: o.clientOrderId,
        venue: o.venue,
        market: o.market,
        outcome: o.outcome,
        priceUnits: o.priceUnits,
        sizeHundredths: o.sizeHundredths,
        filledHundredths: o.filledHundredths,
        status: o.status,
        ageMs: i.nowMs - o.createdMs,
      });
    }
    // Money by game (every market of one event, both venues), as a trader adds it up: each game at its worst outcome;
    // holdings no pair of this run names, at what they pay for sure.
    const h = i.exec.holdings;
    for (const game of i.games.values()) {
      const m = gameMetrics(h, game);
      guaranteed += m.guaranteedMicros;
      unmatched += m.exposureMicros;
      gross += m.costMicros;
    }
    const rest = unmappedMetrics(h, i.gameOf);
    guaranteed += rest.guaranteedMicros;
    unmatched += rest.exposureMicros;
    gross += rest.costMicros;
    const labelOf = new Map<string, string>();
    for (const p of i.pairs) {
      labelOf.set(`kalshi:${p.kalshiTicker}`, p.label);
      if (!labelOf.has(`polymarket:${p.conditionId}`)) labelOf.set(`polymarket:${p.conditionId}`, p.label);
    }
    const byMarket = new Map<string, PositionView>();
    for (const [key, l] of h) {
      fees += l.feesMicros;
      const { venue, market, side } = parseHolding(key);
      const id = `${venue}:${market}`;
      const v = byMarket.get(id) ?? { venue, market, label: labelOf.get(id) ?? market, yesHundredths: 0, noHundredths: 0, costMicros: 0 };
      byMarket.set(id, {
        ...v,
        yesHundredths: v.yesHundredths + (side === "yes" ? l.contractsHundredths : 0),
        noHundredths: v.noHundredths + (side === "no" ? l.contractsHundredths : 0),
        costMicros: v.costMicros + l.costMicros + l.feesMicros,
      });
    }
    positions.push(...byMarket.values());
  }
  const s = i.store;
  const tripped = i.exec?.breaker.tripped;
  const breaker: Snapshot["breaker"] =
    tripped === undefined ? { state: "closed" } : { state: "open", reason: tripped.detail || tripped.reason, untilMs: tripped.untilMs };
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
    // A copy: the store keeps appending, a snapshot (the final summary's above all) must not change after it is taken.
    alerts: [...s.alerts],
    breaker,
    latency: { tickToOrder: s.tickToOrder.summary(), orderAck: s.orderAck.summary() },
    feeds: s.feedViews(i.nowMs),
    counters: { arbsSeen: s.arbsSeen, arbsTaken: s.arbsTaken, ordersSent, fills: s.fills, rejects: s.rejects },
    booksInconsistent: i.booksInconsistent,
  };
}
