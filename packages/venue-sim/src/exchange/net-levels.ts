import type { BookSide } from "./book.js";

/** A change of resting size at one (side, price) level of a book, as either venue's exchange reports it. */
export interface LevelDelta {
  readonly kind: "book.changed";
  readonly side: BookSide;
  readonly priceUnits: number;
  readonly deltaHundredths: number;
}

/**
 * Pure: one engine step's events as the venue tells them, each changed level once with its net signed change.
 * A step moves a level by several orders (a requote cancels and reposts it, a taker eats two makers at one price);
 * a client only ever sees the sum, and a level that ends where it began is not sent at all.
 * The net changes take the place of the step's first level change: decreases first, then increases, each in the order
 * their levels first moved. So every prefix of them shows part of the book before the step or part of the book after
 * it, and a client applying them one at a time never holds a crossed book that neither state was.
 * `keyOf` names the level (market, side, price); `merge` builds the one change from all of a level's parts.
 */
export function netLevelChanges<E extends { readonly kind: string }, D extends E & LevelDelta>(
  events: readonly E[],
  isDelta: (e: E) => e is D,
  keyOf: (d: D) => string,
  merge: (parts: readonly D[], deltaHundredths: number) => D,
): E[] {
  const parts = new Map<string, D[]>();
  let first = -1;
  const rest: E[] = [];
  for (const e of events) {
    if (!isDelta(e)) {
      rest.push(e);
      continue;
    }
    if (first < 0) first = rest.length;
    const key = keyOf(e);
    const list = parts.get(key);
    if (list === undefined) parts.set(key, [e]);
    else list.push(e);
  }
  if (first < 0) return rest;
  const net = [...parts.values()].flatMap((list) => {
    const sum = list.reduce((n, d) => n + d.deltaHundredths, 0);
    return sum === 0 ? [] : [merge(list, sum)];
  });
  const ordered = [...net.filter((d) => d.deltaHundredths < 0), ...net.filter((d) => d.deltaHundredths > 0)];
  return [...rest.slice(0, first), ...ordered, ...rest.slice(first)];
}
