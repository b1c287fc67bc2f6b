import type { DetectionEngine } from "@arb/core-wasm";

/**
 * The shell's hold on the detection core's in-flight bitmap: the only code that writes it. The pure step reads
 * `isFree` (through `StepContext.inflight`) and returns `pair.claim` / `pair.release` commands; the engine carries a
 * step's claims out first thing in the same synchronous run, before any order of that step is sent and before any
 * other input can be decided, so "read free, then claim" is atomic on the one JS thread.
 *
 * `isFree` answers exactly what `tryAcquire` would: the pair exists, is not in flight and is not cooling down. The
 * core's bitmap has no read for the cooldown, so its deadline is mirrored here from the releases this shell makes.
 */
export interface PairLocks {
  isFree(pair: number, nowMs: number): boolean;
  /** Takes the pair; false when it was not free (then nothing changed). */
  claim(pair: number, nowMs: number): boolean;
  release(pair: number, nowMs: number, cooldownMs: number): void;
}

export function createPairLocks(detection: Pick<DetectionEngine, "pairCount" | "isInFlight" | "tryAcquire" | "release">): PairLocks {
  /** Pairs released with a cooldown: blocked until this time. */
  const coolUntil = new Map<number, number>();
  const exists = (pair: number) => Number.isInteger(pair) && pair >= 0 && pair < detection.pairCount;
  return {
    isFree(pair, nowMs) {
      if (!exists(pair) || detection.isInFlight(pair)) return false;
      const until = coolUntil.get(pair);
      return until === undefined || nowMs >= until;
    },
    claim(pair, nowMs) {
      if (!exists(pair) || !detection.tryAcquire(pair, nowMs)) return false;
      coolUntil.delete(pair);
      return true;
    },
    release(pair, nowMs, cooldownMs) {
      if (!exists(pair)) return;
      detection.release(pair, nowMs, cooldownMs);
      if (cooldownMs > 0) coolUntil.set(pair, nowMs + cooldownMs);
      else coolUntil.delete(pair);
    },
  };
}
