export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Delay before retry `attempt` (0 = first retry): exponential growth capped at maxMs, then "equal jitter" — half the
 * step is fixed, half is random — so a fleet of clients spreads out but none retries immediately.
 * `random01` is the caller's draw in [0, 1); the function itself is pure.
 */
export function computeBackoffMs(attempt: number, policy: BackoffPolicy, random01: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const half = exp / 2;
  return Math.round(half + half * Math.min(Math.max(random01, 0), 1));
}
