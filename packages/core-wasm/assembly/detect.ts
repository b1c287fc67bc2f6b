// Detection: the four arbitrage types over effective asks (ask + per-contract taker fee).
//   1 poly_yes_kalshi_no = PY + KN   2 kalshi_yes_poly_no = KY + PN
//   3 poly_same_market   = PY + PN   4 kalshi_same_market = KY + KN
// The four are every YES leg with every NO leg, so the cheapest is min(KY, PY) + min(KN, PN): the scan tests
// that one sum per pair and looks at the individual types only for the rare pair that passes.
import { isBlocked } from "./inflight";
import { refreshPair } from "./book";
import {
  ONE_DOLLAR, RECORD_WORDS, capacity, effOff, legEff, legSize, outOff, pairCount, resultOff,
} from "./layout";

let limit: u32 = ONE_DOLLAR;

/** An opportunity needs cost ≤ $1 − minEdgeUnits. */
export function setMinEdge(minEdgeUnits: u32): void {
  limit = minEdgeUnits >= ONE_DOLLAR ? 0 : ONE_DOLLAR - minEdgeUnits;
}

// @ts-ignore: decorator
@inline function minU32(a: u32, b: u32): u32 {
  return a < b ? a : b;
}

// @ts-ignore: decorator
@inline function writeRecord(at: usize, i: u32, type: u32, cost: u32, sizeA: u32, sizeB: u32): void {
  const edge = ONE_DOLLAR - cost;
  store<u32>(at, i);
  store<u32>(at, minU32(sizeA, sizeB), 4);
  store<u32>(at, edge | (type << 16), 8);
  store<u32>(at, (edge * 10000) / cost, 12);
}

/** Writes a record for each of pair i's types under the limit, in type order; returns the new record count. */
function emitPair(i: u32, n: u32): u32 {
  const ky = <u32>load<u16>(legEff(0, i)), kn = <u32>load<u16>(legEff(1, i));
  const py = <u32>load<u16>(legEff(2, i)), pn = <u32>load<u16>(legEff(3, i));
  const sky = load<u32>(legSize(0, i)), skn = load<u32>(legSize(1, i));
  const spy = load<u32>(legSize(2, i)), spn = load<u32>(legSize(3, i));
  const lim = limit;
  const stride = <usize>RECORD_WORDS << 2;
  let at = outOff + <usize>n * stride;
  if (py + kn <= lim) { writeRecord(at, i, 1, py + kn, spy, skn); at += stride; n++; }
  if (ky + pn <= lim) { writeRecord(at, i, 2, ky + pn, sky, spn); at += stride; n++; }
  if (py + pn <= lim) { writeRecord(at, i, 3, py + pn, spy, spn); at += stride; n++; }
  if (ky + kn <= lim) { writeRecord(at, i, 4, ky + kn, sky, skn); n++; }
  return n;
}

/**
 * Incremental check after an update to pair i: refreshes its effective asks and returns the best type (largest
 * edge, ties to the lower type code), 0 when none clears the limit or the pair is in flight / cooling.
 * The result record (type, edge units, edge bps, size) is left at resultOff.
 */
export function checkPair(i: u32, nowMs: f64): u32 {
  if (i >= pairCount) return 0;
  refreshPair(i);
  if (isBlocked(i, nowMs)) return 0;
  const ky = <u32>load<u16>(legEff(0, i)), kn = <u32>load<u16>(legEff(1, i));
  const py = <u32>load<u16>(legEff(2, i)), pn = <u32>load<u16>(legEff(3, i));
  let best: u32 = 0;
  let cost: u32 = limit + 1;
  let c = py + kn;
  if (c < cost) { cost = c; best = 1; }
  c = ky + pn;
  if (c < cost) { cost = c; best = 2; }
  c = py + pn;
  if (c < cost) { cost = c; best = 3; }
  c = ky + kn;
  if (c < cost) { cost = c; best = 4; }
  if (best == 0) return 0;
  const a: u32 = best == 1 || best == 3 ? 2 : 0;
  const b: u32 = best == 1 || best == 4 ? 1 : 3;
  writeRecord(resultOff, i, best, cost, load<u32>(legSize(a, i)), load<u32>(legSize(b, i)));
  return best;
}

/** Full scan of every pair; writes records (pair, size, edge | type << 16, bps) from outOff, returns their count. */
export function scan(nowMs: f64): u32 {
  const n = pairCount;
  let count: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const legBytes = <usize>capacity << 1;
    const lim = i16x8.splat(<i16>limit);
    const blocks = (n + 15) >> 4;
    let pKY = effOff;
    for (let g: u32 = 0; g < blocks; g++) {
      // Capacity is a multiple of 128 pairs and unused slots hold NO_ASK, so whole 16-pair blocks are safe.
      const pKN = pKY + legBytes, pPY = pKN + legBytes, pPN = pPY + legBytes;
      const yes0 = i16x8.min_u(v128.load(pKY), v128.load(pPY));
      const no0 = i16x8.min_u(v128.load(pKN), v128.load(pPN));
      const yes1 = i16x8.min_u(v128.load(pKY, 16), v128.load(pPY, 16));
      const no1 = i16x8.min_u(v128.load(pKN, 16), v128.load(pPN, 16));
      const m0 = i16x8.le_u(i16x8.add_sat_u(yes0, no0), lim);
      const m1 = i16x8.le_u(i16x8.add_sat_u(yes1, no1), lim);
      if (v128.any_true(v128.or(m0, m1))) {
        let bits = <u32>i16x8.bitmask(m0) | (<u32>i16x8.bitmask(m1) << 8);
        while (bits != 0) {
          const i = (g << 4) + ctz(bits);
          bits &= bits - 1;
          if (i < n && !isBlocked(i, nowMs)) count = emitPair(i, count);
        }
      }
      pKY += 32;
    }
  } else {
    const lim = limit;
    const legBytes = <usize>capacity << 1;
    let pKY = effOff;
    for (let i: u32 = 0; i < n; i++) {
      const pKN = pKY + legBytes, pPY = pKN + legBytes, pPN = pPY + legBytes;
      const yes = minU32(<u32>load<u16>(pKY), <u32>load<u16>(pPY));
      const no = minU32(<u32>load<u16>(pKN), <u32>load<u16>(pPN));
      if (yes + no <= lim && !isBlocked(i, nowMs)) count = emitPair(i, count);
      pKY += 2;
    }
  }
  return count;
}

