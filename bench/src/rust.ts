// The native Rust reference's own timings (timed inside its process), on the same books and update stream.
import { type RefKernel, encodeCase, refStatus, runRefBench, rustcVersion } from "@arb/core-wasm/ref";
import { KALSHI_FEES, POLY_FEES, generateBooks, generateUpdates } from "./books.js";

export interface RustTiming {
  readonly iters: number;
  readonly rustc: string;
  /** Per full-scan kernel; undefined where the CPU lacks its feature. */
  readonly scanNs: Readonly<Record<RefKernel, number | undefined>>;
  readonly checkNs: number;
  readonly dedupNs: number;
}
export type RustRun = RustTiming | { readonly skipped: string };

const UPDATES = 1 << 16;

export function rustBench(pairs: number, quick: boolean): RustRun {
  const status = refStatus();
  if (!status.available) return { skipped: status.reason };
  const books = generateBooks(pairs);
  const bytes = encodeCase({
    schedules: [KALSHI_FEES, POLY_FEES],
    kalshiSchedule: new Uint16Array(pairs),
    polySchedule: new Uint16Array(pairs).fill(1),
    ask: books.ask,
    size: books.size,
    minEdgeUnits: 0,
    nowMs: 0,
    updates: generateUpdates(books, UPDATES),
  });
  // Each of the reference's rounds times one scan, or 65 536 updates, or max(pairs, 4 096) dedup pairs.
  const iters = quick ? 200 : 1000;
  const r = runRefBench(bytes, iters);
  return { iters, rustc: rustcVersion() ?? "?", scanNs: r.scanNs, checkNs: r.checkNs, dedupNs: r.dedupNs };
}
