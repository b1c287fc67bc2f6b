import { describe, expect, it } from "vitest";
import { errorFromBody, errorFromStatus, errorFromTransport } from "./errors.js";

describe("Kalshi error mapping", () => {
  it("reads both error body shapes", () => {
    expect(errorFromStatus(400, { code: "invalid_order", message: "bad", details: "post only cross" }, "create", false)).toMatchObject({
      code: "KALSHI_BAD_REQUEST",
      outcome: "rejected",
      venueCode: "invalid_order",
      message: "bad: post only cross",
      httpStatus: 400,
    });
    expect(errorFromStatus(404, { error: { code: "not_found", message: "order not found" } }, "mutation", false)).toMatchObject({
      code: "KALSHI_NOT_FOUND",
      venueCode: "not_found",
    });
    expect(errorFromStatus(502, "<html>bad gateway</html>", "read", false)).toMatchObject({ code: "KALSHI_SERVER_ERROR", message: "HTTP 502" });
  });

  it("never calls an order rejected without a definitive answer", () => {
    expect(errorFromStatus(500, undefined, "create", false).outcome).toBe("unknown");
    expect(errorFromStatus(503, undefined, "mutation", false).outcome).toBe("unknown");
    expect(errorFromStatus(500, undefined, "read", false).outcome).toBe("retryable");
    expect(errorFromStatus(429, undefined, "create", false)).toMatchObject({ code: "KALSHI_RATE_LIMITED", outcome: "retryable" });
    expect(errorFromTransport(Object.assign(new Error("timeout"), { code: "UND_ERR_HEADERS_TIMEOUT" }), "create")).toMatchObject({
      code: "KALSHI_TIMEOUT",
      outcome: "unknown",
    });
    expect(errorFromTransport(Object.assign(new Error("reset"), { code: "ECONNRESET" }), "mutation")).toMatchObject({
      code: "KALSHI_CONNECTION",
      outcome: "unknown",
    });
    expect(errorFromTransport(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }), "create")).toMatchObject({ outcome: "retryable" });
    expect(errorFromBody(201, "order_id missing", "create").outcome).toBe("unknown");
  });

  it("treats a 409 on a retried create as unknown (the first attempt landed)", () => {
    expect(errorFromStatus(409, { error: { code: "order_already_exists", message: "dup" } }, "create", false).outcome).toBe("rejected");
    expect(errorFromStatus(409, { error: { code: "order_already_exists", message: "dup" } }, "create", true).outcome).toBe("unknown");
  });

  it("rejects on auth failures", () => {
    expect(errorFromStatus(401, { error: { code: "authentication_error", message: "authentication_error" } }, "read", false)).toMatchObject({
      code: "KALSHI_UNAUTHORIZED",
      outcome: "rejected",
    });
    expect(errorFromStatus(403, {}, "read", false)).toMatchObject({ code: "KALSHI_FORBIDDEN", outcome: "rejected" });
  });
});
