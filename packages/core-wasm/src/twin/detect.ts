// TS twin of assembly/detect.ts (scalar path: the cheapest type is min(KY, PY) + min(KN, PN)).
import { RECORD_WORDS } from "../records.js";
import { refreshPair } from "./book.js";
import { isBlocked } from "./inflight.js";
import type { TwinStore } from "./layout.js";

export function setMinEdge(s: TwinStore, minEdgeUnits: number): void {
  s.limit = minEdgeUnits >= 10_000 ? 0 : 10_000 - minEdgeUnits;
}

function writeRecord(buf: Uint32Array, at: number, i: number, type: number, cost: number, sizeA: number, sizeB: number): void {
  const edge = 10_000 - cost;
  buf[at] = i;
  buf[at + 1] = sizeA < sizeB ? sizeA : sizeB;
  buf[at + 2] = edge | (type << 16);
  buf[at + 3] = Math.floor((edge * 10_000) / cost);
}

function emitPair(s: TwinStore, i: number, n: number): number {
  const ky = s.eff[0][i] as number,
    kn = s.eff[1][i] as number,
    py = s.eff[2][i] as number,
    pn = s.eff[3][i] as number;
  const sky = s.size[0][i] as number,
    skn = s.size[1][i] as number,
    spy = s.size[2][i] as number,
    spn = s.size[3][i] as number;
  const lim = s.limit;
  const out = s.out;
  if (py + kn <= lim) writeRecord(out, n++ * RECORD_WORDS, i, 1, py + kn, spy, skn);
  if (ky + pn <= lim) writeRecord(out, n++ * RECORD_WORDS, i, 2, ky + pn, sky, spn);
  if (py + pn <= lim) writeRecord(out, n++ * RECORD_WORDS, i, 3, py + pn, spy, spn);
  if (ky + kn <= lim) writeRecord(out, n++ * RECORD_WORDS, i, 4, ky + kn, sky, skn);
  return n;
}

export function checkPair(s: TwinStore, i: number, nowMs: number): number {
  if (i >= s.pairCount) return 0;
  refreshPair(s, i);
  if (isBlocked(s, i, nowMs)) return 0;
  const ky = s.eff[0][i] as number,
    kn = s.eff[1][i] as number,
    py = s.eff[2][i] as number,
    pn = s.eff[3][i] as number;
  let best = 0;
  let cost = s.limit + 1;
  if (py + kn < cost) {
    cost = py + kn;
    best = 1;
  }
  if (ky + pn < cost) {
    cost = ky + pn;
    best = 2;
  }
  if (py + pn < cost) {
    cost = py + pn;
    best = 3;
  }
  if (ky + kn < cost) {
    cost = ky + kn;
    best = 4;
  }
  if (best === 0) return 0;
  const a = best === 1 || best === 3 ? 2 : 0;
  const b = best === 1 || best === 4 ? 1 : 3;
  writeRecord(s.result, 0, i, best, cost, s.size[a]![i] as number, s.size[b]![i] as number);
  return best;
}

export function scan(s: TwinStore, nowMs: number): number {
  const ky = s.eff[0],
    kn = s.eff[1],
    py = s.eff[2],
    pn = s.eff[3];
  const lim = s.limit;
  const n = s.pairCount;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const a = ky[i] as number,
      b = py[i] as number,
      c = kn[i] as number,
      d = pn[i] as number;
    if ((a < b ? a : b) + (c < d ? c : d) <= lim && !isBlocked(s, i, nowMs)) count = emitPair(s, i, count);
  }
  return count;
}
