/**
 * Token buckets in milli-tokens (integers): capacity = one second of the tier's rate, refilled continuously.
 * Kalshi's Basic tier: 20 reads and 10 writes per second (venues.md §1.6).
 */
export interface Bucket {
  readonly milliTokens: number;
  readonly updatedMs: number;
}

export function takeToken(bucket: Bucket | undefined, nowMs: number, perSec: number): { bucket: Bucket; ok: boolean } {
  const capacity = perSec * 1000;
  const start = bucket === undefined ? capacity : Math.min(capacity, bucket.milliTokens + Math.max(0, nowMs - bucket.updatedMs) * perSec);
  if (start < 1000) return { bucket: { milliTokens: start, updatedMs: nowMs }, ok: false };
  return { bucket: { milliTokens: start - 1000, updatedMs: nowMs }, ok: true };
}

export type RequestClass = "read" | "write";

/** Order create, cancel, amend and decrease count against the write budget; everything else is a read. */
export function classify(method: string, path: string): RequestClass {
  return method !== "GET" && path.startsWith("/portfolio/") && path.includes("/orders") ? "write" : "read";
}
