import type { RejectCode } from "../exchange/kalshi.js";

/** Kalshi's REST error body: {"error":{"code","message","details"?}}; clients branch on `code`. */
export interface KalshiError {
  readonly status: number;
  readonly body: { readonly error: { readonly code: string; readonly message: string; readonly details?: string } };
}

export function kalshiError(status: number, code: string, message: string, details?: string): KalshiError {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

export const unauthorized = (details: string): KalshiError => kalshiError(401, "authentication_error", "authentication_error", details);
export const tooManyRequests = (): KalshiError => kalshiError(429, "too_many_requests", "too many requests");
export const notFound = (what: string): KalshiError => kalshiError(404, "not_found", `${what} not found`);
export const badRequest = (details: string): KalshiError => kalshiError(400, "bad_request", "bad request", details);

const REJECT_STATUS: Readonly<Record<RejectCode, number>> = {
  market_not_found: 404,
  market_closed: 400,
  trading_is_paused: 400,
  invalid_price: 400,
  invalid_order_size: 400,
  order_already_exists: 409,
  available_balance_too_low: 400,
  post_only_cross: 400,
};

export function rejectionError(code: RejectCode, message: string): KalshiError {
  if (code === "post_only_cross") return kalshiError(400, "invalid_order", "invalid order", "post only cross");
  return kalshiError(REJECT_STATUS[code], code, message);
}
