import type { VenueId } from "@arb/domain";
import type { FillReport, OrderState, PositionReport } from "@arb/venues";
import type { EngineInput, OrderRow } from "./state.js";
import type { OrderLifecycle } from "./order-fsm.js";

/**
 * Start-up reconciliation, pure: the ledger's unfinished orders against what the venue says about them, its open
 * orders and its fills → engine inputs (fed through the same step as live updates), orphan cancels, and every
 * difference found, named.
 */

export type DifferenceKind =
  | "order.status-differs"
  | "order.absent-at-venue"
  | "fill.missing-in-ledger"
  | "fill.taken-back"
  | "order.orphan"
  | "position.differs"
  | "balance.differs";

export interface Difference {
  readonly venue: VenueId;
  readonly kind: DifferenceKind;
  readonly detail: string;
}

export interface VenueSnapshot {
  readonly venue: VenueId;
  /** What the venue says about each ledger order, by client order id (undefined: it has no such order). */
  readonly orders: ReadonlyMap<string, OrderState | undefined>;
  /** Fills of those orders, by client order id. */
  readonly fills: ReadonlyMap<string, readonly FillReport[]>;
  readonly openOrders: readonly OrderState[];
}

export interface ReconcilePlan {
  readonly inputs: EngineInput[];
  readonly cancels: Array<{ readonly venue: VenueId; readonly orderId: string; readonly clientOrderId: string }>;
  readonly differences: Difference[];
}

const VENUE_STATUS: Readonly<Record<OrderState["status"], readonly OrderLifecycle[]>> = {
  resting: ["acked", "partially_filled"],
  canceled: ["canceled", "expired", "filled"],
  executed: ["filled", "expired"],
};

export function planReconcile(ledgerOrders: readonly OrderRow[], snap: VenueSnapshot): ReconcilePlan {
  const inputs: EngineInput[] = [];
  const differences: Difference[] = [];
  const cancels: ReconcilePlan["cancels"] = [];
  const venue = snap.venue;
  const ours = new Set<string>();
  for (const o of ledgerOrders) {
    if (o.venue !== venue) continue;
    ours.add(o.clientOrderId);
    const at = snap.orders.get(o.clientOrderId);
    if (at === undefined) {
      if (o.status === "new" || o.status === "sent") {
        differences.push({ venue, kind: "order.absent-at-venue", detail: `${o.clientOrderId} (${o.status}) never reached the venue` });
        inputs.push({ kind: "order.absent", clientOrderId: o.clientOrderId });
      }
      continue;
    }
    if (!VENUE_STATUS[at.status].includes(o.status) || at.filledHundredths !== o.filledHundredths) {
      differences.push({
        venue,
        kind: "order.status-differs",
        detail: `${o.clientOrderId}: ledger ${o.status} ${o.filledHundredths}, venue ${at.status} ${at.filledHundredths}`,
      });
    }
    const fills = snap.fills.get(o.clientOrderId) ?? [];
    const listed = fills.reduce((n, f) => n + f.sizeHundredths, 0);
    if (listed > o.filledHundredths) {
      differences.push({ venue, kind: "fill.missing-in-ledger", detail: `${o.clientOrderId}: venue lists ${listed} filled, ledger ${o.filledHundredths}` });
    }
    // The whole list goes in: the step pairs fills it already booked under another id and books the rest.
    if (fills.length > 0) inputs.push({ kind: "fills.fetched", venue, clientOrderId: o.clientOrderId, result: { ok: true, value: [...fills] } });
    inputs.push({ kind: "order.observed", venue, order: { ...at, clientOrderId: o.clientOrderId } });
  }
  for (const open of snap.openOrders) {
    if (ours.has(open.clientOrderId)) continue;
    differences.push({ venue, kind: "order.orphan", detail: `${open.orderId} (${open.clientOrderId}) resting ${open.remainingHundredths} on ${open.market}` });
    cancels.push({ venue, orderId: open.orderId, clientOrderId: open.clientOrderId });
  }
  return { inputs, cancels, differences };
}

/** Ledger holdings (net YES − NO per venue market, the venue's orientation) against the venue's, after the reconcile
 *  inputs have been booked. */
export function diffHoldings(
  venue: VenueId,
  ledgerNet: ReadonlyMap<string, number>,
  venuePositions: readonly PositionReport[],
  expectedBalanceMicros: number | undefined,
  venueBalanceMicros: number,
): Difference[] {
  const out: Difference[] = [];
  const seen = new Set<string>();
  for (const p of venuePositions) {
    seen.add(p.market);
    const mine = ledgerNet.get(p.market) ?? 0;
    if (mine !== p.positionHundredths) out.push({ venue, kind: "position.differs", detail: `${p.market}: ledger ${mine}, venue ${p.positionHundredths}` });
  }
  for (const [market, mine] of ledgerNet) {
    if (!seen.has(market) && mine !== 0) out.push({ venue, kind: "position.differs", detail: `${market}: ledger ${mine}, venue 0` });
  }
  if (expectedBalanceMicros !== undefined && expectedBalanceMicros !== venueBalanceMicros) {
    out.push({ venue, kind: "balance.differs", detail: `ledger ${expectedBalanceMicros}, venue ${venueBalanceMicros}` });
  }
  return out;
}
