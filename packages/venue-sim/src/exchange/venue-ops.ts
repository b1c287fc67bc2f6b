import { type Book, type BookSide, type Level, type SideLevels, levelChanges } from "./book.js";
import type { VenueStep } from "./house.js";

/** A market as the shared operations read it: whether it trades, and its book. */
export interface MarketWithBook {
  readonly status: string;
  readonly book: Book;
}

/**
 * What the operations both exchanges perform alike (cancel a selection, close a market, replace an account's levels)
 * need of one of them. Each exchange builds its own once, over its own maps and its internal `cancel` and `submit`
 * (no house clean-up in between: the public operation that calls these ends with it).
 * `M` is the venue's market state, `O` its order record, `E` its event, `Req` its order request.
 */
export interface VenueOps<M extends MarketWithBook, O, E, Req> {
  readonly markets: Map<string, M>;
  readonly orders: ReadonlyMap<string, O>;
  /** Each account's working orders by id, in the order they started working. */
  readonly working: ReadonlyMap<string, ReadonlySet<string>>;
  marketOf(o: O): string;
  cancel(orderId: string, nowMs: number): VenueStep<unknown, E>;
  submit(req: Req, nowMs: number): VenueStep<unknown, E>;
  /** The good-till-canceled order that rests one level of a `replaceLevels` (token 0 on Polymarket). */
  levelOrder(accountId: string, marketId: string, level: Level & { readonly side: BookSide }): Req;
  /** The market as closed. */
  closed(m: M): M;
  /** The event telling a market's new state. */
  marketChanged(m: M): E;
}

/** Cancels each working order `pick` selects, account by account, and returns the cancels' events in that order. */
export function cancelWhere<M extends MarketWithBook, O, E, Req>(ops: VenueOps<M, O, E, Req>, pick: (o: O) => boolean, nowMs: number): E[] {
  const events: E[] = [];
  for (const ids of ops.working.values()) {
    for (const id of [...ids]) {
      const o = ops.orders.get(id);
      if (o !== undefined && pick(o)) events.push(...ops.cancel(id, nowMs).events);
    }
  }
  return events;
}

/** Closes an active market: its working orders are canceled, then it is marked closed. Any other market: no step. */
export function closeMarket<M extends MarketWithBook, O, E, Req>(ops: VenueOps<M, O, E, Req>, marketId: string, nowMs: number): VenueStep<void, E> {
  const m = ops.markets.get(marketId);
  if (m === undefined || m.status !== "active") return { result: undefined, events: [] };
  const events = cancelWhere(ops, (o) => ops.marketOf(o) === marketId, nowMs);
  const closed = ops.closed(ops.markets.get(marketId) ?? m);
  ops.markets.set(marketId, closed);
  events.push(ops.marketChanged(closed));
  return { result: undefined, events };
}

/** Replaces one account's resting quantity per (side, price) level of an active market with `levels` (see levelChanges). */
export function replaceLevels<M extends MarketWithBook, O, E, Req>(
  ops: VenueOps<M, O, E, Req>,
  accountId: string,
  marketId: string,
  levels: SideLevels,
  nowMs: number,
): VenueStep<void, E> {
  const m = ops.markets.get(marketId);
  const events: E[] = [];
  if (m === undefined || m.status !== "active") return { result: undefined, events };
  const changes = levelChanges(m.book, accountId, levels);
  for (const id of changes.cancel) events.push(...ops.cancel(id, nowMs).events);
  for (const level of changes.post) events.push(...ops.submit(ops.levelOrder(accountId, marketId, level), nowMs).events);
  return { result: undefined, events };
}
