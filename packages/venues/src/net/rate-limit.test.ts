import { describe, expect, it } from "vitest";
import { kalshiRateLimits } from "../kalshi/limits.js";
import { POLYMARKET_CLOB_LIMITS, polymarketGammaLimits } from "../polymarket/limits.js";
import { type RateLimitRule, perWindow, rateLimitedBy, ruleMatches } from "./rate-limit.js";
import type { HttpRequest } from "./send.js";

const req = (method: HttpRequest["method"], signedPath: string, bucket: HttpRequest["bucket"] = "read"): HttpRequest => ({
  method,
  pathWithQuery: signedPath,
  signedPath,
  headers: {},
  bucket,
  idempotent: true,
});
const rows = (rules: readonly RateLimitRule[], r: HttpRequest) => rules.filter((rule) => ruleMatches(rule, r)).map((rule) => rule.name);

describe("rate-limit tables", () => {
  it("charges a Polymarket request to the whole CLOB and to its endpoint's rows (venues.md §2.6)", () => {
    expect(rows(POLYMARKET_CLOB_LIMITS, req("POST", "/order", "write"))).toEqual(["clob", "post-order", "post-order-sustained"]);
    expect(rows(POLYMARKET_CLOB_LIMITS, req("DELETE", "/order", "write"))).toEqual(["clob", "delete-order", "delete-order-sustained"]);
    expect(rows(POLYMARKET_CLOB_LIMITS, req("GET", "/book"))).toEqual(["clob", "book"]);
    expect(rows(POLYMARKET_CLOB_LIMITS, req("POST", "/books"))).toEqual(["clob", "books"]);
    expect(rows(POLYMARKET_CLOB_LIMITS, req("GET", "/auth/derive-api-key"))).toEqual(["clob", "api-key"]);
    expect(rows(POLYMARKET_CLOB_LIMITS, req("GET", "/clob-markets/0xabc"))).toEqual(["clob"]);
    expect(rows(polymarketGammaLimits("/gamma"), req("GET", "/gamma/markets/12"))).toEqual(["gamma", "gamma-markets"]);
    expect(POLYMARKET_CLOB_LIMITS.find((r) => r.name === "post-order-sustained")).toMatchObject({ ratePerSec: 60, burst: 3_500 });
  });

  it("charges a Kalshi request to its tier's read or write budget (venues.md §1.6)", () => {
    const rules = kalshiRateLimits({ readPerSec: 20, writePerSec: 10 });
    expect(rows(rules, req("GET", "/trade-api/v2/markets"))).toEqual(["read"]);
    expect(rows(rules, req("POST", "/trade-api/v2/portfolio/events/orders", "write"))).toEqual(["write"]);
    expect(rules.map((r) => [r.ratePerSec, r.burst])).toEqual([
      [20, 20],
      [10, 10],
    ]);
  });

  it("turns a per-window limit into a bucket at its mean rate holding one second", () => {
    expect(perWindow(9_000, 10)).toEqual({ ratePerSec: 900, burst: 900 });
    expect(perWindow(5, 10)).toEqual({ ratePerSec: 0.5, burst: 1 });
  });

  it("waits until every row the request matches has a token, and sends at once while they do", async () => {
    let nowMs = 0;
    const waits: number[] = [];
    const sent: string[] = [];
    const rules: RateLimitRule[] = [
      { name: "all", ratePerSec: 100, burst: 100 },
      { name: "orders", path: "/order", ratePerSec: 2, burst: 2 },
    ];
    const send = rateLimitedBy(
      rules,
      () => nowMs,
      async (ms) => {
        waits.push(ms);
        nowMs += ms;
      },
    )(async (r) => {
      sent.push(`${nowMs} ${r.signedPath}`);
      return { status: 200, body: undefined, attempts: 1 };
    });
    for (let i = 0; i < 3; i++) await send(req("POST", "/order", "write"));
    await send(req("GET", "/book"));
    expect(waits).toEqual([500]);
    expect(sent).toEqual(["0 /order", "0 /order", "500 /order", "500 /book"]);
  });
});
