import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { PolymarketGamma } from "./gamma.js";

/** A stand-in for Gamma's GET /events: answers from `reply` in turn, recording what was asked. */
async function gammaHost(reply: (url: URL, n: number) => { status: number; body: unknown }): Promise<{ base: string; seen: URL[]; server: Server }> {
  const seen: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "", "http://x");
    seen.push(url);
    const r = reply(url, seen.length);
    res.writeHead(r.status, { "content-type": "application/json" });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

const event = (i: number) => ({
  id: String(i),
  slug: `nba-lal-bos-2026-11-${10 + (i % 20)}`,
  title: "Lakers vs. Celtics",
  description: "Resolves to the winner.",
  resolutionSource: null,
  startDate: null,
  markets: [
    {
      id: `${i}-0`,
      conditionId: `0xc${i}`,
      question: "Lakers vs. Celtics",
      description: "This market resolves to the team that wins.",
      resolutionSource: "https://www.nba.com/",
      outcomes: '["Lakers","Celtics"]',
      clobTokenIds: '["1","2"]',
      gameStartTime: "2026-11-25 19:00:00+00",
      sportsMarketType: "moneyline",
      groupItemTitle: null,
      endDate: null,
    },
  ],
});

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("PolymarketGamma", () => {
  it("pages a tag's open events by offset, with each market's rules, game time and teams, retrying a 503", async () => {
    const h = await gammaHost((url, n) => {
      if (n === 2) return { status: 503, body: { error: "busy" } };
      const offset = Number(url.searchParams.get("offset"));
      return { status: 200, body: Array.from({ length: offset === 0 ? 100 : 30 }, (_, i) => event(offset + i)) };
    });
    open.push(h.server);
    // Only the host, the timeout and the retry policy: no CLOB, no wallet.
    const gamma = new PolymarketGamma({ urls: { gamma: h.base }, requestTimeoutMs: 2_000, retry: { attempts: 3, baseMs: 5, maxMs: 20 } });
    open.push(gamma);
    const r = await gamma.allEvents({ tag_slug: "nba", active: true, closed: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(130);
    expect(r.value[129]?.markets[0]).toMatchObject({
      description: "This market resolves to the team that wins.",
      resolutionSource: "https://www.nba.com/",
      outcomes: ["Lakers", "Celtics"],
      clobTokenIds: ["1", "2"],
      gameStartTime: "2026-11-25 19:00:00+00",
      groupItemTitle: null,
    });
    expect(r.value[0]).toMatchObject({ description: "Resolves to the winner.", resolutionSource: null, startDate: null });
    expect(h.seen.map((u) => Object.fromEntries(u.searchParams))).toEqual([
      { tag_slug: "nba", active: "true", closed: "false", limit: "100", offset: "0" },
      { tag_slug: "nba", active: "true", closed: "false", limit: "100", offset: "100" },
      { tag_slug: "nba", active: "true", closed: "false", limit: "100", offset: "100" },
    ]);
  });

  it("answers a host that stays busy as POLYMARKET_SERVER_ERROR once the attempts are spent", async () => {
    const h = await gammaHost(() => ({ status: 502, body: { error: "bad gateway" } }));
    open.push(h.server);
    const gamma = new PolymarketGamma({ urls: { gamma: h.base }, requestTimeoutMs: 2_000, retry: { attempts: 2, baseMs: 5, maxMs: 20 } });
    open.push(gamma);
    const r = await gamma.allEvents({ tag_slug: "nba" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "POLYMARKET_SERVER_ERROR", outcome: "retryable", httpStatus: 502 });
    expect(h.seen).toHaveLength(2);
  });
});
