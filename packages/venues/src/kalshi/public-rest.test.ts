import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type KalshiRest, createKalshiPublicRest } from "./http.js";

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A stand-in for Kalshi's public GET /events: answers from `reply` in turn, recording what was asked. */
async function venue(
  reply: (url: URL, n: number) => { status: number; body: unknown; headers?: Record<string, string> },
): Promise<{ base: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    const r = reply(new URL(req.url ?? "", "http://x"), seen.length);
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`, seen, server };
}

const event = (ticker: string) => ({
  event_ticker: ticker,
  series_ticker: "KXNBAGAME",
  title: "Los Angeles L at Boston",
  strike_date: "2026-11-25T19:00:00Z",
  markets: [
    {
      ticker: `${ticker}-LAL`,
      event_ticker: ticker,
      status: "active",
      yes_sub_title: "Los Angeles L",
      rules_primary: "If Los Angeles L wins, the market resolves to Yes.",
      rules_secondary: "",
      occurrence_datetime: null,
    },
  ],
});

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function client(base: string, maxRetries: number): KalshiRest {
  const c = createKalshiPublicRest({ config: { restUrl: base, http: { maxRetries, backoff: { baseMs: 5, maxMs: 20 } } }, logger: pino({ level: "silent" }) });
  open.push(c);
  return c;
}

describe("KalshiRest without a key", () => {
  it("lists every page of a series' open events with their nested markets, unsigned, retrying a 429 after its Retry-After", async () => {
    const v = await venue((url, n) => {
      if (n === 1) return { status: 429, body: { error: { code: "too_many_requests", message: "slow down" } }, headers: { "retry-after": "0.05" } };
      return url.searchParams.get("cursor") === "p2"
        ? { status: 200, body: { events: [event("KXNBAGAME-26NOV25LALBOS")], cursor: "" } }
        : { status: 200, body: { events: [event("KXNBAGAME-26NOV24NYKGSW")], cursor: "p2" } };
    });
    open.push(v.server);
    const started = Date.now();
    const r = await client(v.base, 2).events({ seriesTicker: "KXNBAGAME", status: "open" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((e) => e.event_ticker)).toEqual(["KXNBAGAME-26NOV24NYKGSW", "KXNBAGAME-26NOV25LALBOS"]);
    expect(r.value[1]?.strike_date).toBe("2026-11-25T19:00:00Z");
    expect(r.value[1]?.markets?.[0]).toMatchObject({
      rules_primary: "If Los Angeles L wins, the market resolves to Yes.",
      yes_sub_title: "Los Angeles L",
      occurrence_datetime: null,
    });
    expect(v.seen).toHaveLength(3);
    const first = new URL(v.seen[0]?.url ?? "", "http://x");
    expect(first.pathname).toBe("/trade-api/v2/events");
    expect(Object.fromEntries(first.searchParams)).toEqual({ series_ticker: "KXNBAGAME", status: "open", with_nested_markets: "true", limit: "200" });
    expect(new URL(v.seen[2]?.url ?? "", "http://x").searchParams.get("cursor")).toBe("p2");
    for (const s of v.seen) expect(Object.keys(s.headers).filter((h) => h.startsWith("kalshi-"))).toEqual([]);
  });

  it("answers a rate limit that outlasts the retries as KALSHI_RATE_LIMITED, after 1 + maxRetries attempts", async () => {
    const v = await venue(() => ({ status: 429, body: { error: { code: "too_many_requests", message: "slow down" } } }));
    open.push(v.server);
    const r = await client(v.base, 2).events({ seriesTicker: "KXNBAGAME" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "KALSHI_RATE_LIMITED", outcome: "retryable", httpStatus: 429 });
    expect(v.seen).toHaveLength(3);
  });
});
