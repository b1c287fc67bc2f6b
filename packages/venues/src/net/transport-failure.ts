import type { ErrorOutcome } from "../ports.js";

export interface TransportFailure {
  readonly timeout: boolean;
  readonly outcome: ErrorOutcome;
  readonly message: string;
}

/**
 * A request that failed below HTTP (timeout, reset, refused), for either venue. `read` says the request changes
 * nothing at the venue, so it may simply be retried; anything else may have reached the venue and is unknown.
 */
export function classifyTransportFailure(err: unknown, read: boolean): TransportFailure {
  const code = (err as { code?: unknown } | null)?.code;
  const timeout =
    code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ORDER_SOCKET_TIMEOUT";
  // A connection that was never made cannot have placed an order.
  const neverSent = code === "ECONNREFUSED" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "ORDER_SOCKET_UNREACHABLE";
  return { timeout, outcome: read || neverSent ? "retryable" : "unknown", message: err instanceof Error ? err.message : String(err) };
}
