// The book store's write side: pairs, their fee schedules, and the fold of each leg's fee into an effective ask.
import { feeUnitsAt } from "./fees";
import {
  NO_ASK, ONE_DOLLAR, legAsk, legEff, legSize, pairCount, reserve, scheduleCount, schedKOff, schedPOff,
  setPairCount,
} from "./layout";

/** Returned by addPair for an unknown schedule (-1 to JS); every u32 below it is a usable pair index. */
export const NO_PAIR: u32 = 0xffffffff;

/** Appends a pair with its Kalshi and Polymarket fee schedules; returns its index, or NO_PAIR on a bad schedule. */
export function addPair(kalshiSchedule: u32, polySchedule: u32): u32 {
  if (kalshiSchedule >= scheduleCount || polySchedule >= scheduleCount) return NO_PAIR;
  const i = pairCount;
  reserve(i + 1, 0);
  setPairCount(i + 1);
  store<u16>(schedKOff + (<usize>i << 1), <u16>kalshiSchedule);
  store<u16>(schedPOff + (<usize>i << 1), <u16>polySchedule);
  return i;
}

/** Re-points a pair at other fee schedules (a venue changed its fees) and refreshes its effective asks. */
export function setPairFees(i: u32, kalshiSchedule: u32, polySchedule: u32): u32 {
  if (i >= pairCount || kalshiSchedule >= scheduleCount || polySchedule >= scheduleCount) return 0;
  store<u16>(schedKOff + (<usize>i << 1), <u16>kalshiSchedule);
  store<u16>(schedPOff + (<usize>i << 1), <u16>polySchedule);
  refreshPair(i);
  return 1;
}

// @ts-ignore: decorator
@inline function effective(leg: u32, i: u32, schedule: u32): u32 {
  const p = <u32>load<u16>(legAsk(leg, i));
  const s = load<u32>(legSize(leg, i));
  // An ask without size, or a price outside (0, $1], is no ask at all.
  if (p == 0 || p > ONE_DOLLAR || s == 0) return NO_ASK;
  return p + feeUnitsAt(schedule, p);
}

/** Folds the current raw asks of pair i into its effective asks (ask + per-contract taker fee). */
export function refreshPair(i: u32): void {
  const sk = <u32>load<u16>(schedKOff + (<usize>i << 1));
  const sp = <u32>load<u16>(schedPOff + (<usize>i << 1));
  store<u16>(legEff(0, i), <u16>effective(0, i, sk));
  store<u16>(legEff(1, i), <u16>effective(1, i, sk));
  store<u16>(legEff(2, i), <u16>effective(2, i, sp));
  store<u16>(legEff(3, i), <u16>effective(3, i, sp));
}

/** Refreshes every pair: after a bulk load through the views (snapshots, replay). */
export function refreshAll(): void {
  const n = pairCount;
  for (let i: u32 = 0; i < n; i++) refreshPair(i);
}
