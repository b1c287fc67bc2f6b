// TS twin of assembly/book.ts.
import { NO_ASK, NO_PAIR } from "../codes.js";
import { type TwinStore, reserve } from "./layout.js";

export function addPair(s: TwinStore, kalshiSchedule: number, polySchedule: number): number {
  const n = s.feeTables.length;
  if (kalshiSchedule >= n || polySchedule >= n) return NO_PAIR;
  const i = s.pairCount;
  reserve(s, i + 1);
  s.pairCount = i + 1;
  s.schedK[i] = kalshiSchedule;
  s.schedP[i] = polySchedule;
  return i;
}

export function setPairFees(s: TwinStore, i: number, kalshiSchedule: number, polySchedule: number): number {
  const n = s.feeTables.length;
  if (i >= s.pairCount || kalshiSchedule >= n || polySchedule >= n) return 0;
  s.schedK[i] = kalshiSchedule;
  s.schedP[i] = polySchedule;
  refreshPair(s, i);
  return 1;
}

function effective(s: TwinStore, leg: 0 | 1 | 2 | 3, i: number, table: Uint16Array): number {
  const p = s.ask[leg][i] as number;
  if (p === 0 || p > 10_000 || s.size[leg][i] === 0) return NO_ASK;
  return p + (table[p] as number);
}

export function refreshPair(s: TwinStore, i: number): void {
  const tk = s.feeTables[s.schedK[i] as number] as Uint16Array;
  const tp = s.feeTables[s.schedP[i] as number] as Uint16Array;
  s.eff[0][i] = effective(s, 0, i, tk);
  s.eff[1][i] = effective(s, 1, i, tk);
  s.eff[2][i] = effective(s, 2, i, tp);
  s.eff[3][i] = effective(s, 3, i, tp);
}

export function refreshAll(s: TwinStore): void {
  for (let i = 0; i < s.pairCount; i++) refreshPair(s, i);
}
