// In-flight dedup: one bit per pair in u64 words, plus a "cooling" bit and deadline for the optional cooldown
// after release. A pair that is in flight, or cooling until a later time, is never emitted.
import { coolUntilOff, coolingOff, inflightOff, pairCount } from "./layout";

// @ts-ignore: decorator
@inline function wordAt(base: usize, i: u32): usize {
  return base + ((<usize>i >> 6) << 3);
}

// @ts-ignore: decorator
@inline export function isBlocked(i: u32, nowMs: f64): bool {
  const bit = (<u64>1) << (<u64>i & 63);
  if ((load<u64>(wordAt(inflightOff, i)) & bit) != 0) return true;
  if ((load<u64>(wordAt(coolingOff, i)) & bit) == 0) return false;
  return nowMs < load<f64>(coolUntilOff + (<usize>i << 3));
}

/** Marks pair i in flight; 0 when it already is, is cooling down, or does not exist. */
export function tryAcquire(i: u32, nowMs: f64): u32 {
  if (i >= pairCount || isBlocked(i, nowMs)) return 0;
  const bit = (<u64>1) << (<u64>i & 63);
  const w = wordAt(inflightOff, i);
  store<u64>(w, load<u64>(w) | bit);
  const c = wordAt(coolingOff, i);
  store<u64>(c, load<u64>(c) & ~bit);
  return 1;
}

/** Clears pair i's in-flight bit; with cooldownMs > 0 it stays blocked until nowMs + cooldownMs. */
export function release(i: u32, nowMs: f64, cooldownMs: f64): void {
  if (i >= pairCount) return;
  const bit = (<u64>1) << (<u64>i & 63);
  const w = wordAt(inflightOff, i);
  store<u64>(w, load<u64>(w) & ~bit);
  const c = wordAt(coolingOff, i);
  if (cooldownMs > 0) {
    store<u64>(c, load<u64>(c) | bit);
    store<f64>(coolUntilOff + (<usize>i << 3), nowMs + cooldownMs);
  } else {
    store<u64>(c, load<u64>(c) & ~bit);
  }
}

export function isInFlight(i: u32): u32 {
  if (i >= pairCount) return 0;
  return <u32>((load<u64>(wordAt(inflightOff, i)) >> (<u64>i & 63)) & 1);
}
