import { describe, expect, it } from "vitest";
import { z } from "zod";
import { KALSHI_REST_ERRORS } from "../kalshi/errors.js";
import { POLYMARKET_REST_ERRORS } from "../polymarket/errors.js";
import { type RestErrorMapper, callRest } from "./rest.js";
import type { HttpRequest, HttpResponse, Send } from "./send.js";

const req: HttpRequest = { method: "GET", pathWithQuery: "/x?y=1", signedPath: "/x", headers: {}, bucket: "read", idempotent: true };
const answer =
  (res: Partial<HttpResponse> | Error): Send =>
  async () => {
    if (res instanceof Error) throw res;
    return { status: 200, body: undefined, attempts: 1, ...res };
  };
const schema = z.object({ n: z.number() });

// Each venue's mapper with its kind for order creation (Kalshi "create", Polymarket "order").
const venues: Array<[string, RestErrorMapper<string>, string]> = [
  ["kalshi", KALSHI_REST_ERRORS as RestErrorMapper<string>, "create"],
  ["polymarket", POLYMARKET_REST_ERRORS as RestErrorMapper<string>, "order"],
];

describe.each(venues)("callRest with the %s error mapper", (venue, errors, orderKind) => {
  const prefix = venue.toUpperCase();

  it("returns the parsed body of a 2xx", async () => {
    expect(await callRest(answer({ body: { n: 1 } }), { req, schema, kind: "read" }, errors)).toEqual({ ok: true, value: { n: 1 } });
  });

  it("maps a refusal, a body off its schema and a transport failure through the venue's mapper", async () => {
    const refused = await callRest(answer({ status: 429, body: {} }), { req, schema, kind: "read" }, errors);
    expect(refused).toMatchObject({ ok: false, error: { venue, code: `${prefix}_RATE_LIMITED`, outcome: "retryable", httpStatus: 429 } });
    const odd = await callRest(answer({ body: { n: "1" } }), { req, schema, kind: "read" }, errors);
    expect(odd).toMatchObject({
      ok: false,
      error: { code: `${prefix}_BAD_RESPONSE`, outcome: "retryable", message: expect.stringContaining("GET /x: unexpected body at n") },
    });
    const reset = Object.assign(new Error("socket hang up"), { code: "UND_ERR_SOCKET" });
    expect(await callRest(answer(reset), { req, schema, kind: "read" }, errors)).toMatchObject({
      ok: false,
      error: { code: `${prefix}_CONNECTION`, outcome: "retryable" },
    });
  });

  it("leaves an order whose request may have landed unknown, never rejected", async () => {
    const post = { ...req, method: "POST" as const, idempotent: false };
    const timeout = Object.assign(new Error("headers timeout"), { code: "UND_ERR_HEADERS_TIMEOUT" });
    expect(await callRest(answer(timeout), { req: post, schema, kind: orderKind }, errors)).toMatchObject({
      ok: false,
      error: { code: `${prefix}_TIMEOUT`, outcome: "unknown" },
    });
    expect(await callRest(answer({ status: 502 }), { req: post, schema, kind: orderKind }, errors)).toMatchObject({ ok: false, error: { outcome: "unknown" } });
  });
});
