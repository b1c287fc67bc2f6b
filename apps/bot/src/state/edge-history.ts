/** A sample with no edge (one leg without an ask): a gap in the plot. */
const NONE = -32_768;
const MIN = -32_767;
const MAX = 32_767;

/**
 * Every pair's best edge, sampled at one shared clock for the web plots: one time ring for all pairs and one Int16 ring
 * per pair that has shown an edge. 1 000 pairs × 600 samples cost ≈ 1.2 MB, allocated as pairs appear, however long
 * the run (a `Series` per pair cost ≈ 10 KB each once full, in two boxed-number arrays shifted every second).
 */
export class EdgeHistory {
  private readonly t: Float64Array;
  private readonly rows = new Map<number, Int16Array>();
  /** Ring slot of the newest sample; -1 before the first. */
  private head = -1;
  private filled = 0;

  constructor(readonly capacity = 600) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.t = new Float64Array(capacity);
  }

  /** Opens the sample at `tMs`: every pair reads "no edge" there until `set` says otherwise. */
  sample(tMs: number): void {
    this.head = (this.head + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
    this.t[this.head] = tMs;
    for (const row of this.rows.values()) row[this.head] = NONE;
  }

  /** The pair's best edge in the current sample, in units (clamped to ±32 767, far beyond any price). */
  set(pair: number, edgeUnits: number): void {
    if (this.head < 0) return;
    let row = this.rows.get(pair);
    if (row === undefined) this.rows.set(pair, (row = new Int16Array(this.capacity).fill(NONE)));
    row[this.head] = Math.max(MIN, Math.min(MAX, Math.round(edgeUnits)));
  }

  /** [tMs, edgeUnits] oldest first, samples without an edge left out. */
  points(pair: number): [number, number][] {
    const row = this.rows.get(pair);
    const out: [number, number][] = [];
    if (row === undefined) return out;
    for (let k = this.filled - 1; k >= 0; k--) {
      const i = (this.head - k + this.capacity) % this.capacity;
      const v = row[i] ?? NONE;
      if (v !== NONE) out.push([this.t[i] ?? 0, v]);
    }
    return out;
  }
}
