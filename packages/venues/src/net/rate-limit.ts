import type { HttpMethod, HttpRequest, Layer, Sleep } from "./send.js";
import { type TokenBucket, createTokenBucket, takeToken } from "./token-bucket.js";

/**
 * One row of a venue's declarative rate-limit table (Hummingbot's `RATE_LIMITS`, ccxt's endpoint costs): which
 * requests pay into a token bucket, and its rate. A request pays into every row it matches, so a whole-API row and an
 * endpoint row both hold. Each venue's table is its `limits.ts`; one layer enforces them all.
 */
export interface RateLimitRule {
  /** For logs and tests: the venue's name for the limit. */
  readonly name: string;
  readonly ratePerSec: number;
  /** Tokens available at once; at least 1. */
  readonly burst: number;
  /** Only requests of this method; any when omitted. */
  readonly method?: HttpMethod;
  /** Only requests whose signed path (no query) is this; any when omitted. */
  readonly path?: string;
  /** Only requests whose signed path starts with this; any when omitted. */
  readonly pathPrefix?: string;
  /** Only requests of this read/write class; any when omitted. */
  readonly bucket?: HttpRequest["bucket"];
}

/**
 * A limit documented as `count` per `windowSec` sliding window, as a bucket at the window's mean rate holding one
 * second of it: a full window never sees more than `count` plus that one second (≤ 1/windowSec over).
 */
export function perWindow(count: number, windowSec: number): { readonly ratePerSec: number; readonly burst: number } {
  const ratePerSec = count / windowSec;
  return { ratePerSec, burst: Math.max(1, Math.ceil(ratePerSec)) };
}

export function ruleMatches(rule: RateLimitRule, req: Pick<HttpRequest, "method" | "signedPath" | "bucket">): boolean {
  return (
    (rule.method === undefined || rule.method === req.method) &&
    (rule.path === undefined || rule.path === req.signedPath) &&
    (rule.pathPrefix === undefined || req.signedPath.startsWith(rule.pathPrefix)) &&
    (rule.bucket === undefined || rule.bucket === req.bucket)
  );
}

/**
 * Waits for a token in every bucket the request matches, then sends. When every bucket has a token the request is
 * passed on in the caller's turn, with no await (the order path writes its socket before `placeOrder` returns).
 */
export function rateLimitedBy(rules: readonly RateLimitRule[], now: () => number, wait: Sleep): Layer {
  const table: Array<{ readonly rule: RateLimitRule; readonly bucket: TokenBucket }> = rules.map((rule) => ({
    rule,
    bucket: createTokenBucket(rule.ratePerSec, rule.burst, now()),
  }));
  return (next) => async (req) => {
    for (const { rule, bucket } of table) {
      if (!ruleMatches(rule, req)) continue;
      for (let waitMs = takeToken(bucket, now()); waitMs > 0; waitMs = takeToken(bucket, now())) await wait(waitMs);
    }
    return next(req);
  };
}
