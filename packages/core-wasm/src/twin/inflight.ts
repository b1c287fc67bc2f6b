// TS twin of assembly/inflight.ts.
import type { TwinStore } from "./layout.js";

export function isBlocked(s: TwinStore, i: number, nowMs: number): boolean {
  const w = i >>> 5;
  const bit = 1 << (i & 31);
  if (((s.inflight[w] as number) & bit) !== 0) return true;
  if (((s.cooling[w] as number) & bit) === 0) return false;
  return nowMs < (s.coolUntil[i] as number);
}

export function tryAcquire(s: TwinStore, i: number, nowMs: number): number {
  if (i >= s.pairCount || isBlocked(s, i, nowMs)) return 0;
  const w = i >>> 5;
  const bit = 1 << (i & 31);
  s.inflight[w] = (s.inflight[w] as number) | bit;
  s.cooling[w] = (s.cooling[w] as number) & ~bit;
  return 1;
}

export function release(s: TwinStore, i: number, nowMs: number, cooldownMs: number): void {
  if (i >= s.pairCount) return;
  const w = i >>> 5;
  const bit = 1 << (i & 31);
  s.inflight[w] = (s.inflight[w] as number) & ~bit;
  if (cooldownMs > 0) {
    s.cooling[w] = (s.cooling[w] as number) | bit;
    s.coolUntil[i] = nowMs + cooldownMs;
  } else {
    s.cooling[w] = (s.cooling[w] as number) & ~bit;
  }
}

export function isInFlight(s: TwinStore, i: number): number {
  if (i >= s.pairCount) return 0;
  return ((s.inflight[i >>> 5] as number) >>> (i & 31)) & 1;
}
