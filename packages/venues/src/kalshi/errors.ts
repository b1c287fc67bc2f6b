import type { RestErrorMapper } from "../net/rest.js";
import { classifyTransportFailure } from "../net/transport-failure.js";
import type { ErrorOutcome, VenueError } from "../ports.js";
import { KalshiErrorBody } from "./wire.js";

/**
 * Every Kalshi failure as `{ code, outcome }`. The outcome policy (NautilusTrader's): only a definitive venue answer
 * is a rejection. A timeout, a 5xx, a dropped connection or an unreadable 2xx body on an order mutation is
 * `unknown` — the order may exist — and goes to reconciliation, never to "rejected".
 */

export type KalshiErrorCode =
  | "KALSHI_RATE_LIMITED"
  | "KALSHI_UNAUTHORIZED"
  | "KALSHI_FORBIDDEN"
  | "KALSHI_BAD_REQUEST"
  | "KALSHI_NOT_FOUND"
  | "KALSHI_CONFLICT"
  | "KALSHI_SERVER_ERROR"
  | "KALSHI_HTTP_STATUS"
  | "KALSHI_TIMEOUT"
  | "KALSHI_CONNECTION"
  | "KALSHI_BAD_RESPONSE";

/** read: GETs. create: order placement (idempotent by client_order_id). mutation: cancel and other writes. */
export type RequestKind = "read" | "create" | "mutation";

function venueDetail(body: unknown): { venueCode?: string; message?: string } {
  const r = KalshiErrorBody.safeParse(body);
  if (!r.success) return {};
  const e = "error" in r.data ? r.data.error : r.data;
  const message = [e.message, e.details].filter((x) => x !== undefined && x !== "").join(": ");
  return message === "" ? { venueCode: e.code } : { venueCode: e.code, message };
}

function make(code: KalshiErrorCode, outcome: ErrorOutcome, message: string, extra: { httpStatus?: number; venueCode?: string } = {}): VenueError {
  return { venue: "kalshi", code, outcome, message, ...extra };
}

/**
 * A non-2xx answer. `retried` says an earlier attempt of this same request may have reached the venue: a 409 on a
 * retried create means the first attempt was placed (its client_order_id now exists), so the outcome is unknown.
 */
export function errorFromStatus(status: number, body: unknown, kind: RequestKind, retried: boolean): VenueError {
  const d = venueDetail(body);
  const extra = d.venueCode === undefined ? { httpStatus: status } : { httpStatus: status, venueCode: d.venueCode };
  const msg = d.message ?? `HTTP ${status}`;
  if (status === 429) return make("KALSHI_RATE_LIMITED", "retryable", msg, extra);
  if (status >= 500) return make("KALSHI_SERVER_ERROR", kind === "read" ? "retryable" : "unknown", msg, extra);
  if (status === 401) return make("KALSHI_UNAUTHORIZED", "rejected", msg, extra);
  if (status === 403) return make("KALSHI_FORBIDDEN", "rejected", msg, extra);
  if (status === 404) return make("KALSHI_NOT_FOUND", "rejected", msg, extra);
  if (status === 409) return make("KALSHI_CONFLICT", kind === "create" && retried ? "unknown" : "rejected", msg, extra);
  if (status >= 400) return make("KALSHI_BAD_REQUEST", "rejected", msg, extra);
  return make("KALSHI_HTTP_STATUS", kind === "read" ? "retryable" : "unknown", msg, extra);
}

/** The request failed below HTTP (timeout, reset, refused). */
export function errorFromTransport(err: unknown, kind: RequestKind): VenueError {
  const f = classifyTransportFailure(err, kind === "read");
  return make(f.timeout ? "KALSHI_TIMEOUT" : "KALSHI_CONNECTION", f.outcome, f.message);
}

/** A 2xx whose body did not match the schema. */
export function errorFromBody(status: number, detail: string, kind: RequestKind): VenueError {
  return make("KALSHI_BAD_RESPONSE", kind === "read" ? "retryable" : "unknown", detail, { httpStatus: status });
}

/** Kalshi's error mapper for the shared REST call (`net/rest.ts`). */
export const KALSHI_REST_ERRORS: RestErrorMapper<RequestKind> = { transport: errorFromTransport, status: errorFromStatus, body: errorFromBody };
