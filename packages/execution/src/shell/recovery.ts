import type { Logger } from "pino";
import type { PairSpec } from "../config.js";
import { DAY_MS } from "../core/breaker.js";
import { claimBook } from "../core/claims.js";
import { isYesLeg } from "../core/positions.js";
import type { ArbLegRef, ArbRec, ArbRow, ExecState, OrderRec, OrderRow } from "../core/state.js";
import type { Ledger } from "../ledger/sqlite.js";
import type { PairLocks } from "./in-flight.js";

export interface RecoveryDeps {
  readonly state: ExecState;
  readonly ledger: Ledger;
  readonly pairs: ReadonlyMap<number, PairSpec>;
  readonly locks: PairLocks;
  /** The game of each holding the pair set names (holdings.ts). */
  readonly gameOf: ReadonlyMap<string, string>;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface Recovery {
  /** Rebuilds the engine's state from the ledger at start (after committing what the order journal held). */
  load(): void;
  /** Loads the finished arb of one order, with its orders, because one of its fills changed after all. */
  adoptArbOf(clientOrderId: string): void;
}

/**
 * The engine's state as the last run left it, read back from the ledger: arbs, orders, fills, holdings, the breaker.
 * Pair numbers are this run's: an arb is matched to a pair by its markets, and an arb still in flight takes its
 * pair's in-flight slot again.
 */
export function createRecovery(deps: RecoveryDeps): Recovery {
  const { state, ledger, pairs, locks, gameOf, logger, now } = deps;

  /** The pair of this run trading an arb's legs (its numbers may differ from the run that took it); -1 when none does. */
  function pairOf(legs: readonly ArbLegRef[]): number {
    const k = legs.find((l) => l.venue === "kalshi")?.market;
    const p = legs.find((l) => l.venue === "polymarket")?.market;
    for (const spec of pairs.values()) {
      if ((k === undefined || spec.kalshiMarket === k) && (p === undefined || spec.polymarketMarket === p)) return spec.pair;
    }
    return -1;
  }

  function adoptArb(a: ArbRow, orders: readonly OrderRow[]): void {
    const own = orders.filter((o) => o.arbId === a.arbId && o.role === "entry");
    const legs =
      a.legs.length > 0 ? a.legs : own.map((o) => ({ venue: o.venue, market: o.market, outcome: isYesLeg(o.leg) ? ("yes" as const) : ("no" as const) }));
    const kalshi = legs.find((l) => l.venue === "kalshi")?.market;
    const eventId = a.eventId !== "" ? a.eventId : kalshi === undefined ? "" : kalshi.slice(0, kalshi.lastIndexOf("-"));
    const pair = pairOf(legs);
    const arb: ArbRec = {
      ...a,
      pair,
      eventId,
      legs,
      orders: [],
      exposedHundredths: 0,
      exposedFinal: false,
      resolveAttempts: a.status === "exposed" ? 0 : a.resolveAttempts,
    };
    state.arbs.set(a.arbId, arb);
    if (a.status === "exposed" || a.status === "resolving") state.exposed.add(a.arbId);
    if (a.status !== "closed" && a.status !== "exposed" && pair >= 0) locks.claim(pair, now());
  }

  /** A finished arb the start-up did not load, with its orders, because one of its fills changed after all. */
  function adoptArbOf(clientOrderId: string): void {
    const arbId = ledger.orders().find((o) => o.clientOrderId === clientOrderId)?.arbId;
    const a = arbId === undefined ? undefined : ledger.arbs().find((x) => x.arbId === arbId);
    if (a === undefined) return;
    const orders = ledger.ordersOf([a.arbId]);
    if (!state.arbs.has(a.arbId)) adoptArb(a, orders);
    for (const o of orders) if (!state.orders.has(o.clientOrderId)) adoptOrder(o);
  }

  function adoptOrder(r: OrderRow): void {
    const o: OrderRec = { ...r, lookups: 0 };
    state.orders.set(o.clientOrderId, o);
    if (o.venueOrderId !== undefined) state.byVenueOrderId.set(`${o.venue}:${o.venueOrderId}`, o.clientOrderId);
    state.arbs.get(o.arbId)?.orders.push(o.clientOrderId);
    claimBook(state.claims, o);
  }

  /**
   * The ledger as the last run left it: every arb not closed with its orders (an exposed one's too: its excess comes
   * from them), fills, holdings by venue market, the breaker. Pair numbers are this run's: an arb is matched to a pair
   * by its markets. Exposed arbs are watched again with a fresh set of attempts: they are resolved as soon as their
   * books load and allow it within what is left of their loss bound.
   */
  function load(): void {
    const recovered = ledger.recoverJournal();
    if (recovered > 0) logger.warn({ batches: recovered }, "order journal: committed steps a crash left uncommitted");
    const orders = ledger.liveOrders();
    const arbRows = ledger.arbs().filter((a) => a.status !== "closed" || orders.some((o) => o.arbId === a.arbId));
    for (const o of ledger.ordersOf(arbRows.filter((a) => a.status === "exposed").map((a) => a.arbId)))
      if (!orders.some((x) => x.clientOrderId === o.clientOrderId)) orders.push(o);
    for (const a of arbRows) adoptArb(a, orders);
    for (const r of orders) adoptOrder(r);
    for (const f of ledger.fills()) {
      state.seenFills.add(`${f.venue}:${f.fillId}`);
      if (f.reversedMs !== undefined) {
        state.reversedFills.add(`${f.venue}:${f.fillId}`);
        state.orderReversed.set(f.clientOrderId, (state.orderReversed.get(f.clientOrderId) ?? 0) + f.sizeHundredths);
        continue;
      }
      const yes = isYesLeg(f.leg);
      const list = state.orderFills.get(f.clientOrderId) ?? [];
      list.push({
        fillId: f.fillId,
        outcome: yes ? "yes" : "no",
        yesPriceUnits: yes ? f.priceUnits : 10_000 - f.priceUnits,
        sizeHundredths: f.sizeHundredths,
        feeMicros: f.feeMicros,
      });
      state.orderFills.set(f.clientOrderId, list);
    }
    const games = gameOf;
    for (const h of ledger.holdings()) {
      const key = `${h.venue}:${h.market}:${h.side}`;
      state.holdings.set(key, { contractsHundredths: h.contractsHundredths, costMicros: h.costMicros, feesMicros: h.feesMicros });
      const cost = h.costMicros + h.feesMicros;
      state.exposure.byMarket.set(h.market, (state.exposure.byMarket.get(h.market) ?? 0) + cost);
      const eventId = games.get(key);
      if (eventId !== undefined) state.exposure.byEvent.set(eventId, (state.exposure.byEvent.get(eventId) ?? 0) + cost);
      state.exposure.total += cost;
    }
    state.breaker = ledger.breakerState(now(), DAY_MS);
  }

  return { load, adoptArbOf };
}
