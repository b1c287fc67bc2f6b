/** A token bucket in integer milli-tokens; the state is plain data and time is passed in. */
export interface TokenBucket {
  readonly ratePerSec: number;
  readonly burst: number;
  milliTokens: number;
  lastMs: number;
}

export function createTokenBucket(ratePerSec: number, burst: number, nowMs: number): TokenBucket {
  if (!(ratePerSec > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst >= 1, got ${ratePerSec}/${burst}`);
  return { ratePerSec, burst, milliTokens: burst * 1000, lastMs: nowMs };
}

/**
 * Takes `cost` tokens if available and returns 0, or returns how many ms to wait before trying again
 * (nothing is taken then). Refill is `ratePerSec` tokens per second up to `burst`.
 */
export function takeToken(b: TokenBucket, nowMs: number, cost = 1): number {
  const elapsed = Math.max(0, nowMs - b.lastMs);
  b.milliTokens = Math.min(b.burst * 1000, b.milliTokens + elapsed * b.ratePerSec);
  b.lastMs = Math.max(b.lastMs, nowMs);
  const need = cost * 1000;
  if (b.milliTokens >= need) {
    b.milliTokens -= need;
    return 0;
  }
  return Math.ceil((need - b.milliTokens) / b.ratePerSec);
}
