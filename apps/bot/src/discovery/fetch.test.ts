import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchListings } from "./fetch.js";
import { loadLeagues } from "./leagues.js";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ scenario: parseScenario({ name: "listing-retry", seed: 3, games: { count: 6, leagues: ["NBA", "NHL", "MLB", "NFL"] } }) });
});

afterAll(async () => {
  await sim?.close();
});

const leagues = loadLeagues();
const fast = { retries: 10, backoff: { baseMs: 250, maxMs: 1_000 } };

describe("fetchListings against the simulator", () => {
  it("lists every game of both venues when Kalshi answers 429 for a while: busy is not 'no listing'", async () => {
    const calm = await fetchListings({ kalshiRestUrl: sim.urls.kalshi.rest, gammaUrl: sim.urls.polymarket.gamma, leagues, retry: fast });
    expect(calm.problems).toEqual([]);
    expect(calm.kalshi.length).toBe(6);
    // Two reads a second for a listing of one request per league series: most of them are refused at first.
    sim.control.setRateLimit("kalshi", { readPerSec: 2, writePerSec: 2 });
    const busy = await fetchListings({ kalshiRestUrl: sim.urls.kalshi.rest, gammaUrl: sim.urls.polymarket.gamma, leagues, retry: fast });
    expect(busy.problems).toEqual([]);
    expect(busy.kalshi.map((g) => g.eventTicker).sort()).toEqual(calm.kalshi.map((g) => g.eventTicker).sort());
    expect(busy.polymarket.length).toBe(calm.polymarket.length);
  });

  it("names the request and its attempts once the retries are spent", async () => {
    sim.control.setRateLimit("kalshi", { readPerSec: 1, writePerSec: 1 });
    // One retry, a quarter second after the refusal: too soon for the second token.
    const r = await fetchListings({ kalshiRestUrl: sim.urls.kalshi.rest, gammaUrl: sim.urls.polymarket.gamma, leagues, retry: { ...fast, retries: 1 } });
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]).toMatch(/\/events\?series_ticker=\w+&status=open: KALSHI_RATE_LIMITED \(.*\) after 2 attempts$/);
  });
});
