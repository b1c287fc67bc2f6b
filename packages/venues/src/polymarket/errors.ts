import type { RestErrorMapper } from "../net/rest.js";
import { classifyTransportFailure } from "../net/transport-failure.js";
import type { ErrorOutcome, VenueError } from "../ports.js";
import { PolyErrorBody } from "./wire.js";

/**
 * Every Polymarket failure as `{ code, outcome }`. Only a definitive venue answer is a rejection; a timeout, a 5xx,
 * a dropped connection or an unreadable 2xx body on an order mutation is `unknown` (the order may exist) and goes to
 * reconciliation. The CLOB answers rejections with a bare message ({"error": "..."} or `errorMsg`), so the code is
 * picked from a short table of the documented messages; anything else is POLYMARKET_REJECTED with the text kept.
 */

export type PolymarketErrorCode =
  | "POLYMARKET_RATE_LIMITED"
  | "POLYMARKET_UNAUTHORIZED"
  | "POLYMARKET_NOT_FOUND"
  | "POLYMARKET_ORDER_VERSION_MISMATCH"
  | "POLYMARKET_INVALID_ORDER"
  | "POLYMARKET_INSUFFICIENT_BALANCE"
  | "POLYMARKET_NOT_FILLED"
  | "POLYMARKET_ACCOUNT_RESTRICTED"
  | "POLYMARKET_REJECTED"
  | "POLYMARKET_SERVER_ERROR"
  | "POLYMARKET_HTTP_STATUS"
  | "POLYMARKET_TIMEOUT"
  | "POLYMARKET_CONNECTION"
  | "POLYMARKET_BAD_RESPONSE"
  | "POLYMARKET_BAD_REQUEST"
  | "POLYMARKET_NOT_CONFIGURED"
  | "POLYMARKET_UNKNOWN_MARKET"
  | "POLYMARKET_NOT_PREPARED"
  | "POLYMARKET_ORDER_UNTRACEABLE";

/** read: GETs. order: placement (not idempotent: no client order id). mutation: cancels and other writes. */
export type RequestKind = "read" | "order" | "mutation";

/** Message fragments of documented rejections (docs 400 examples, clob-client-v2 constants), first match wins. */
const MESSAGE_CODES: ReadonlyArray<readonly [RegExp, PolymarketErrorCode]> = [
  [/order_version_mismatch/i, "POLYMARKET_ORDER_VERSION_MISMATCH"],
  [/not enough balance|allowance/i, "POLYMARKET_INSUFFICIENT_BALANCE"],
  // A FOK/FAK killed for want of liquidity: not a failure, the exec client answers it as an unfilled order (killedAck).
  [/fully filled or killed|couldn't be fully filled|no match|no orders found to match/i, "POLYMARKET_NOT_FILLED"],
  [/banned|closed only mode|restricted/i, "POLYMARKET_ACCOUNT_RESTRICTED"],
  [/owner has to be|signer address has to be|invalid signature|unauthorized|api key/i, "POLYMARKET_UNAUTHORIZED"],
  [/tick size|invalid order|order .* is invalid|minimum|min size|price/i, "POLYMARKET_INVALID_ORDER"],
];

function codeOfMessage(message: string): PolymarketErrorCode {
  for (const [re, code] of MESSAGE_CODES) if (re.test(message)) return code;
  return "POLYMARKET_REJECTED";
}

export function makeError(code: PolymarketErrorCode, outcome: ErrorOutcome, message: string, httpStatus?: number): VenueError {
  return httpStatus === undefined ? { venue: "polymarket", code, outcome, message } : { venue: "polymarket", code, outcome, message, httpStatus };
}

function messageOf(body: unknown, status: number): string {
  const r = PolyErrorBody.safeParse(body);
  if (r.success) return r.data.error;
  if (typeof body === "string" && body !== "") return body.slice(0, 300);
  return `HTTP ${status}`;
}

/** A version mismatch means the order was not accepted and may be re-signed and sent again. */
function outcomeOfCode(code: PolymarketErrorCode): ErrorOutcome {
  return code === "POLYMARKET_ORDER_VERSION_MISMATCH" ? "retryable" : "rejected";
}

/** A non-2xx answer. */
export function errorFromStatus(status: number, body: unknown, kind: RequestKind): VenueError {
  const msg = messageOf(body, status);
  if (status === 429) return makeError("POLYMARKET_RATE_LIMITED", "retryable", msg, status);
  if (status >= 500) return makeError("POLYMARKET_SERVER_ERROR", kind === "read" ? "retryable" : "unknown", msg, status);
  if (status === 401 || status === 403) return makeError("POLYMARKET_UNAUTHORIZED", "rejected", msg, status);
  if (status === 404) return makeError("POLYMARKET_NOT_FOUND", "rejected", msg, status);
  if (status >= 400) {
    const code = codeOfMessage(msg);
    return makeError(code === "POLYMARKET_REJECTED" ? "POLYMARKET_BAD_REQUEST" : code, outcomeOfCode(code), msg, status);
  }
  return makeError("POLYMARKET_HTTP_STATUS", kind === "read" ? "retryable" : "unknown", msg, status);
}

/** A 2xx order answer with success=false: the venue said no. */
export function errorFromOrderMessage(errorMsg: string, status: number): VenueError {
  const code = codeOfMessage(errorMsg);
  return makeError(code, outcomeOfCode(code), errorMsg === "" ? "order not accepted" : errorMsg, status);
}

/** The request failed below HTTP (timeout, reset, refused). */
export function errorFromTransport(err: unknown, kind: RequestKind): VenueError {
  const f = classifyTransportFailure(err, kind === "read");
  return makeError(f.timeout ? "POLYMARKET_TIMEOUT" : "POLYMARKET_CONNECTION", f.outcome, f.message);
}

/** A 2xx whose body did not match the schema. */
export function errorFromBody(status: number, detail: string, kind: RequestKind): VenueError {
  return makeError("POLYMARKET_BAD_RESPONSE", kind === "read" ? "retryable" : "unknown", detail, status);
}

/** Polymarket's error mapper for the shared REST call (`net/rest.ts`), CLOB and Gamma alike. */
export const POLYMARKET_REST_ERRORS: RestErrorMapper<RequestKind> = { transport: errorFromTransport, status: errorFromStatus, body: errorFromBody };
