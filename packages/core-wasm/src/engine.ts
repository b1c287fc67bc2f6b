import type { FeeSchedule } from "@arb/domain";

/** Typed-array views over one engine's book store; valid until the next addPair / addSchedule grows it. */
export interface BookViews {
  /** Raw best ask per leg (LEG_KALSHI_YES .. LEG_POLY_NO), 1/10 000 $; NO_ASK = none. */
  readonly ask: readonly [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  /** Size at that ask, 1/100 contract or share; 0 = none. */
  readonly size: readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  /** Ask plus per-contract taker fee, refreshed by checkPair / refreshPair / refreshAll. */
  readonly eff: readonly [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
}

/**
 * The detection core's contract, implemented by the Wasm module (SIMD or scalar build) and by the TS twin
 * with identical integers. Records are 4 u32 words: pair, size (1/100), edge units | type << 16, edge bps.
 */
export interface DetectionEngine {
  readonly flavor: "wasm-simd" | "wasm-scalar" | "ts-twin";
  readonly pairCount: number;
  addSchedule(schedule: FeeSchedule): number;
  addPair(kalshiSchedule: number, polySchedule: number): number;
  setPairFees(pair: number, kalshiSchedule: number, polySchedule: number): void;
  views(): BookViews;
  /** Writes one leg's best ask into the views (no allocation); call checkPair or refreshPair to fold it in. */
  setAsk(pair: number, leg: number, priceUnits: number, sizeHundredths: number): void;
  refreshPair(pair: number): void;
  refreshAll(): void;
  setMinEdge(minEdgeUnits: number): void;
  /** Best arb type code 1..4 for one pair after an update, 0 for none; details in `result`. */
  checkPair(pair: number, nowMs: number): number;
  /** The record of the last checkPair that found something. */
  readonly result: Uint32Array;
  /** Scans all pairs; returns the number of records written to `records`. */
  scan(nowMs: number): number;
  readonly records: Uint32Array;
  tryAcquire(pair: number, nowMs: number): boolean;
  release(pair: number, nowMs: number, cooldownMs?: number): void;
  isInFlight(pair: number): boolean;
  /** Per-contract fee table entry, price units: what the detector adds to an ask at that price. */
  feeUnits(schedule: number, priceUnits: number): number;
}
