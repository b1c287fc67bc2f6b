import { describe, expect, it } from "vitest";
import { errorFromBody, errorFromOrderMessage, errorFromStatus, errorFromTransport } from "./errors.js";

describe("polymarket error mapping", () => {
  it("keeps rejection for definitive answers and unknown for anything an order may have survived", () => {
    const cases = [
      [errorFromStatus(429, "", "order"), "POLYMARKET_RATE_LIMITED", "retryable"],
      [errorFromStatus(503, { error: "x" }, "order"), "POLYMARKET_SERVER_ERROR", "unknown"],
      [errorFromStatus(503, { error: "x" }, "read"), "POLYMARKET_SERVER_ERROR", "retryable"],
      [errorFromStatus(401, { error: "Unauthorized/Invalid api key" }, "order"), "POLYMARKET_UNAUTHORIZED", "rejected"],
      [errorFromStatus(400, { error: "order_version_mismatch" }, "order"), "POLYMARKET_ORDER_VERSION_MISMATCH", "retryable"],
      [errorFromStatus(400, { error: "not enough balance / allowance" }, "order"), "POLYMARKET_INSUFFICIENT_BALANCE", "rejected"],
      [errorFromStatus(400, { error: "something new" }, "order"), "POLYMARKET_BAD_REQUEST", "rejected"],
      [errorFromOrderMessage("order couldn't be fully filled. FOK orders are fully filled or killed.", 200), "POLYMARKET_NOT_FILLED", "rejected"],
      [
        errorFromStatus(400, { error: "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found." }, "order"),
        "POLYMARKET_NOT_FILLED",
        "rejected",
      ],
      [errorFromTransport(Object.assign(new Error("t"), { code: "UND_ERR_HEADERS_TIMEOUT" }), "order"), "POLYMARKET_TIMEOUT", "unknown"],
      [errorFromTransport(Object.assign(new Error("r"), { code: "ECONNREFUSED" }), "order"), "POLYMARKET_CONNECTION", "retryable"],
      [errorFromTransport(Object.assign(new Error("r"), { code: "ECONNRESET" }), "mutation"), "POLYMARKET_CONNECTION", "unknown"],
      [errorFromBody(200, "bad", "order"), "POLYMARKET_BAD_RESPONSE", "unknown"],
    ] as const;
    for (const [e, code, outcome] of cases) expect([e.code, e.outcome, e.venue]).toEqual([code, outcome, "polymarket"]);
  });
});
