import { Pool } from "undici";
import { type BackoffPolicy, computeBackoffMs } from "../backoff.js";
import type { OrderSocketPool } from "./order-socket.js";

/**
 * Venue HTTP as one `send` function with cross-cutting concerns composed around it (undici's interceptor idea):
 * retry( rateLimit( sign( transport ))). Each retry goes back through the rate limiter (`rate-limit.ts`, fed by each
 * venue's `limits.ts` table) and gets a fresh signature; `rest.ts` turns the answer into a `VenueResult`.
 */

export type HttpMethod = "GET" | "POST" | "DELETE";

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path with query string, as sent. */
  readonly pathWithQuery: string;
  /** Path the venue signs (no query). */
  readonly signedPath: string;
  readonly body?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Read or write: the class a venue's limits table may charge it by (Kalshi's tier budgets). */
  readonly bucket: "read" | "write";
  /** Safe to send twice: GETs, and creates carrying a client order id. */
  readonly idempotent: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
  readonly retryAfterMs?: number;
  /** How many times the request was sent (1 = no retry). */
  readonly attempts: number;
}

export type Send = (req: HttpRequest) => Promise<HttpResponse>;
export type Layer = (next: Send) => Send;

export function compose(transport: Send, ...layers: Layer[]): Send {
  return layers.reduceRight<Send>((next, layer) => layer(next), transport);
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const secs = Number(text);
  return Number.isFinite(secs) && secs >= 0 ? Math.round(secs * 1000) : undefined;
}

/** The bottom layer: one request on a keep-alive undici Pool. Transport failures throw (undici's coded errors). */
export function poolTransport(pool: Pool): Send {
  return async (req) => {
    const res = await pool.request({
      method: req.method,
      path: req.pathWithQuery,
      headers: req.body === undefined ? req.headers : { ...req.headers, "content-type": "application/json" },
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    return responseOf(res.statusCode, await res.body.text(), res.headers["retry-after"]);
  };
}

/** An answer as the layers above read it: the body parsed as JSON when it is, Retry-After in ms. */
function responseOf(status: number, text: string, retryAfter: string | string[] | undefined): HttpResponse {
  let body: unknown;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const retryAfterMs = parseRetryAfter(retryAfter);
  return retryAfterMs === undefined ? { status, body, attempts: 1 } : { status, body, retryAfterMs, attempts: 1 };
}

export function createPool(origin: string, connections: number, timeoutMs: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adds auth headers computed from (method, signed path, now). */
export function signing(headersFor: (method: string, path: string) => Record<string, string>): Layer {
  return (next) => (req) => next({ ...req, headers: { ...req.headers, ...headersFor(req.method, req.signedPath) } });
}

/** Whether an answer is the venue being busy (429, 5xx), worth the same request again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Retries idempotent requests on 429, 5xx and transport failures with jittered exponential backoff (a 429's
 * Retry-After is honoured as a floor). Non-idempotent requests are sent exactly once.
 */
export function retrying(maxRetries: number, policy: BackoffPolicy, random: () => number, wait: Sleep): Layer {
  return (next) => async (req) => {
    for (let attempt = 0; ; attempt++) {
      const last = !req.idempotent || attempt >= maxRetries;
      let res: HttpResponse;
      try {
        res = await next(req);
      } catch (err) {
        if (last) throw Object.assign(err instanceof Error ? err : new Error(String(err)), { attempts: attempt + 1 });
        await wait(computeBackoffMs(attempt, policy, random()));
        continue;
      }
      if (last || !isRetryableStatus(res.status)) return { ...res, attempts: attempt + 1 };
      await wait(Math.max(res.retryAfterMs ?? 0, computeBackoffMs(attempt, policy, random())));
    }
  };
}

/**
 * The order path's bottom layer: one request on the venue's own warm sockets, written in the caller's turn (see
 * net/order-socket.ts); answers read like `poolTransport`'s. Failures throw coded `OrderSocketFailure`s.
 */
export function orderSocketTransport(pool: OrderSocketPool): Send {
  return async (req) => {
    const headers: Array<[string, string]> = Object.entries(req.headers);
    if (req.body !== undefined) headers.push(["content-type", "application/json"]);
    const res = await pool.request(req.method, req.pathWithQuery, headers, req.body ?? "");
    return responseOf(res.status, res.body, res.headers["retry-after"]);
  };
}
