// Deterministic books for the benchmarks: every contender gets exactly the same pairs and the same update stream.
import { LEG_KALSHI_NO, LEG_KALSHI_YES, LEG_POLY_NO, LEG_POLY_YES, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import type { DetectionEngine } from "@arb/core-wasm";

export type Legs<T> = [T, T, T, T];

export interface BookSet {
  readonly pairs: number;
  readonly ask: Legs<Uint16Array>;
  readonly size: Legs<Uint32Array>;
}

/** One leg update of the replayed stream. */
export interface UpdateStream {
  readonly length: number;
  readonly pair: Uint32Array;
  readonly leg: Uint8Array;
  readonly price: Uint16Array;
  readonly size: Uint32Array;
}

export const KALSHI_FEES = kalshiSchedule();
export const POLY_FEES = polymarketSchedule(50_000, 1);

/** mulberry32: small, fast, seedable; the benchmarks need reproducibility, not cryptographic quality. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/**
 * Books around a fair value per game with a 1–4¢ spread per venue, so ordinary pairs cost more than $1 after fees;
 * `arbRate` of the pairs get a cross-venue or same-venue window of 0.5–3¢, and 1% of legs have no ask.
 */
export function generateBooks(pairs: number, seed = 42, arbRate = 0.001): BookSet {
  const r = rng(seed);
  const ask: Legs<Uint16Array> = [new Uint16Array(pairs), new Uint16Array(pairs), new Uint16Array(pairs), new Uint16Array(pairs)];
  const size: Legs<Uint32Array> = [new Uint32Array(pairs), new Uint32Array(pairs), new Uint32Array(pairs), new Uint32Array(pairs)];
  for (let i = 0; i < pairs; i++) {
    const fair = int(r, 800, 9200);
    const legs: Legs<number> = [fair + int(r, 100, 400), 10_000 - fair + int(r, 100, 400), fair + int(r, 100, 400), 10_000 - fair + int(r, 100, 400)];
    if (r() < arbRate) {
      const yes = r() < 0.5 ? LEG_KALSHI_YES : LEG_POLY_YES;
      const no = r() < 0.5 ? LEG_KALSHI_NO : LEG_POLY_NO;
      legs[yes] = fair - int(r, 300, 500);
      legs[no] = 10_000 - fair - int(r, 300, 500);
    }
    for (let leg = 0; leg < 4; leg++) {
      const missing = r() < 0.01;
      ask[leg]![i] = missing ? 0xffff : Math.min(9999, Math.max(1, legs[leg]!));
      size[leg]![i] = missing ? 0 : int(r, 100, 500_000);
    }
  }
  return { pairs, ask, size };
}

/** A stream of single-leg updates: the price moves a few ticks around its current level, the size changes. */
export function generateUpdates(books: BookSet, length: number, seed = 7): UpdateStream {
  const r = rng(seed);
  const s = {
    length,
    pair: new Uint32Array(length),
    leg: new Uint8Array(length),
    price: new Uint16Array(length),
    size: new Uint32Array(length),
  };
  for (let k = 0; k < length; k++) {
    const pair = int(r, 0, books.pairs - 1);
    const leg = int(r, 0, 3);
    const cur = books.ask[leg]![pair]!;
    const base = cur === 0xffff ? 5000 : cur;
    s.pair[k] = pair;
    s.leg[k] = leg;
    s.price[k] = Math.min(9999, Math.max(1, base + int(r, -300, 300)));
    s.size[k] = int(r, 100, 500_000);
  }
  return s;
}

/** Loads a book set into a fresh engine: the same two fee schedules for every pair, effective asks refreshed. */
export function loadEngine(engine: DetectionEngine, books: BookSet, minEdgeUnits = 0): DetectionEngine {
  const k = engine.addSchedule(KALSHI_FEES);
  const p = engine.addSchedule(POLY_FEES);
  for (let i = 0; i < books.pairs; i++) engine.addPair(k, p);
  const v = engine.views();
  for (let leg = 0; leg < 4; leg++) {
    v.ask[leg]!.set(books.ask[leg]!);
    v.size[leg]!.set(books.size[leg]!);
  }
  engine.refreshAll();
  engine.setMinEdge(minEdgeUnits);
  return engine;
}
