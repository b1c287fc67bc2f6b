import type { VenueId } from "@arb/domain";
import type { FillReport, OrderState } from "@arb/venues";
import type { Logger } from "pino";
import type { ExecutionConfig } from "../config.js";
import { DAY_MS } from "../core/breaker.js";
import { type Difference, diffHoldings, planReconcile } from "../core/reconcile.js";
import type { EngineInput, ExecState, FillRow } from "../core/state.js";
import type { ExecutionEvent } from "../events.js";
import type { Ledger } from "../ledger/sqlite.js";
import type { EngineVenue } from "./engine.js";
import type { SettlementWatch } from "./settlement-watch.js";

export interface ReconcileDeps {
  readonly state: ExecState;
  readonly ledger: Ledger;
  readonly logger: Logger;
  readonly config: ExecutionConfig;
  readonly now: () => number;
  readonly venues: Partial<Record<VenueId, EngineVenue>>;
  /** Runs one input through the step and carries out its commands. */
  readonly dispatch: (input: EngineInput) => void;
  readonly emit: (e: ExecutionEvent) => void;
  /** The settlement watch of a venue that can take fills back (created on first use), else undefined. */
  readonly watchOf: (venue: VenueId) => SettlementWatch | undefined;
  readonly watches: ReadonlyMap<VenueId, SettlementWatch>;
  readonly adoptArbOf: (clientOrderId: string) => void;
  readonly isClosed: () => boolean;
}

export interface Reconciler {
  /** At start: each of our orders looked up, orphans cancelled, fills taken back booked, holdings compared. */
  reconcileVenue(venue: VenueId, v: EngineVenue): Promise<{ differences: Difference[]; cancelled: number }>;
  /** While running: fills whose outcome the user channel has not reported in time are asked about. */
  checkSettlements(): Promise<void>;
}

/**
 * The engine's conversations with the venues outside the trading path: what the venue says is turned into engine
 * inputs (`planReconcile`, `fill.reversed`) and dispatched like any other; nothing here decides.
 */
export function createReconciler(deps: ReconcileDeps): Reconciler {
  const { state, ledger, logger, config, now, venues, dispatch, emit, watchOf, watches, adoptArbOf, isClosed } = deps;

  /**
   * Fills booked before the restart that the venue has since taken back (a Polymarket trade failed on chain while no
   * one listened). Only markets the ledger traded in the day before its last fill are asked: a trade fails within
   * minutes of its match.
   */
  async function bookTakenBack(venue: VenueId, v: EngineVenue): Promise<Difference[]> {
    if (v.orders.settlements === undefined) return [];
    const booked = ledger.fills().filter((f) => f.venue === venue && f.reversedMs === undefined);
    const last = booked.reduce((t, f) => Math.max(t, f.tsMs), 0);
    const markets = [...new Set(booked.filter((f) => f.tsMs >= last - DAY_MS).map((f) => f.market))];
    if (markets.length === 0) return [];
    const r = await v.orders.settlements(markets);
    if (!r.ok) {
      logger.warn({ venue, code: r.error.code }, "taken-back fills not checked");
      return [];
    }
    for (const id of r.value.confirmed) watchOf(venue)?.done(id);
    return reverseTakenBack(venue, r.value.failed, booked);
  }

  /**
   * Each booked fill among `failed` is reversed as if the user channel had said so; its arb (a closed one too) is
   * loaded to be resolved again.
   */
  function reverseTakenBack(venue: VenueId, failed: readonly FillReport[], booked: readonly FillRow[]): Difference[] {
    const byId = new Map(booked.map((f) => [f.fillId, f]));
    const out: Difference[] = [];
    for (const fill of failed) {
      const row = byId.get(fill.fillId);
      if (row === undefined || row.reversedMs !== undefined || state.reversedFills.has(`${venue}:${fill.fillId}`)) continue;
      if (!state.orders.has(row.clientOrderId)) adoptArbOf(row.clientOrderId);
      out.push({
        venue,
        kind: "fill.taken-back",
        detail: `${fill.fillId} (${row.clientOrderId}, ${row.sizeHundredths / 100} on ${row.market}) was taken back by the venue`,
      });
      dispatch({ kind: "fill.reversed", venue, fill: { ...fill, clientOrderId: row.clientOrderId } });
    }
    return out;
  }

  /** Asks the venue about fills whose outcome the user channel has not reported in time (a lost connection). */
  async function checkSettlements(): Promise<void> {
    for (const [venue, w] of watches) {
      const v = venues[venue];
      const markets = w.due(now());
      if (v?.orders.settlements === undefined || markets.length === 0) continue;
      const r = await v.orders.settlements(markets);
      if (isClosed()) return;
      if (!r.ok) {
        logger.warn({ venue, code: r.error.code }, "fill settlements not checked; next round retries");
        continue;
      }
      for (const id of r.value.confirmed) w.done(id);
      const taken = reverseTakenBack(venue, r.value.failed, ledger.fillsSince(venue, now() - config.execution.settlementHorizonMs));
      for (const d of taken) {
        logger.warn({ difference: d }, "fill taken back while the user channel was silent");
        emit({ kind: "reconcile.differed", venue: d.venue, difference: d.kind, detail: d.detail, tsMs: now() });
      }
    }
  }

  async function reconcileVenue(venue: VenueId, v: EngineVenue): Promise<{ differences: Difference[]; cancelled: number }> {
    const mine = [...state.orders.values()].filter((o) => o.venue === venue);
    const orders = new Map<string, OrderState | undefined>();
    const fills = new Map<string, readonly import("@arb/venues").FillReport[]>();
    for (const o of mine) {
      const r = await v.orders.findOrder(o.market, o.clientOrderId, o.venueOrderId);
      if (!r.ok) {
        logger.warn({ venue, clientOrderId: o.clientOrderId, code: r.error.code }, "reconcile lookup failed; the order's timer will retry");
        continue;
      }
      orders.set(o.clientOrderId, r.value);
      if (r.value !== undefined && r.value.filledHundredths > 0) {
        const f = await v.orders.fillsOf(r.value.orderId);
        if (f.ok) fills.set(o.clientOrderId, f.value);
      }
    }
    const open = await v.orders.client.openOrders();
    const plan = planReconcile(
      mine.map((o) => ({ ...o })),
      { venue, orders, fills, openOrders: open.ok ? open.value : [] },
    );
    for (const input of plan.inputs) dispatch(input);
    let cancelled = 0;
    for (const c of plan.cancels) {
      const r = await v.orders.client.cancelOrder(c.orderId);
      if (r.ok) cancelled++;
      else logger.warn({ venue, orderId: c.orderId, code: r.error.code }, "orphan cancel failed");
    }
    const takenBack = await bookTakenBack(venue, v);
    const [pos, bal] = await Promise.all([v.orders.client.positions(), v.orders.client.balanceMicros()]);
    const holdings = pos.ok && bal.ok ? diffHoldings(venue, ledger.netPositions(venue), pos.value, ledger.expectedBalanceMicros(venue), bal.value) : [];
    return { differences: [...plan.differences, ...takenBack, ...holdings], cancelled };
  }

  return { reconcileVenue, checkSettlements };
}
