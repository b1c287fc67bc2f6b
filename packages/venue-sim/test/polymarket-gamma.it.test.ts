import { afterEach, describe, expect, it } from "vitest";
import { type Sim, parseScenario, startSim } from "../src/index.js";
import type { Json } from "./helpers.js";
import { polyScenario } from "./polymarket-helpers.js";

let sim: Sim;
afterEach(() => sim.close());

const gamma = async (path: string): Promise<Json> => (await fetch(sim.urls.polymarket.gamma + path)).json();

describe("Gamma and the cross-venue listing", () => {
  it("lists every game with venue-style names, JSON-encoded outcome fields and the discovery filters", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario({ games: { count: 6, leagues: ["NBA", "EPL", "NHL"] } })) });
    const games = sim.control.markets().games;
    const events = await gamma("/events?active=true&closed=false&limit=100");
    expect(events).toHaveLength(6);
    const nba = games.find((g) => g.league === "NBA");
    const epl = games.find((g) => g.league === "EPL");
    if (nba === undefined || epl === undefined) throw new Error("scenario lacks a league");
    const [e] = await gamma(`/events?slug=${nba.polymarket.slug}`);
    expect(e.title).not.toBe(nba.kalshi.title);
    expect(e.slug).toMatch(/^nba-[a-z]+-[a-z]+-2026-11-2\d$/);
    expect(e.tags.map((t: Json) => t.slug)).toEqual(["sports", "nba"]);
    const m = e.markets[0];
    expect(typeof m.outcomes).toBe("string");
    expect(JSON.parse(m.clobTokenIds)).toEqual(nba.polymarket.markets[0]?.outcomes.map((o) => o.tokenId));
    expect(JSON.parse(m.outcomes)).toEqual(nba.polymarket.markets[0]?.outcomes.map((o) => o.label));
    expect(JSON.parse(m.outcomes)).not.toContain(nba.kalshi.markets[0]?.yesSubTitle);
    expect(m).toMatchObject({
      conditionId: nba.polymarket.markets[0]?.conditionId,
      negRisk: false,
      orderPriceMinTickSize: 0.01,
      orderMinSize: 5,
      version: "v1",
      active: true,
      closed: false,
    });
    const soccer = await gamma(`/events?tag_slug=epl`);
    expect(soccer.every((x: Json) => x.negRisk === true && x.markets.length === 3)).toBe(true);
    expect(JSON.parse(soccer[0].markets[0].outcomes)).toEqual(["Yes", "No"]);
    expect(await gamma(`/markets?condition_ids=${m.conditionId}`)).toHaveLength(1);
    expect(await gamma(`/markets?clob_token_ids=${JSON.parse(m.clobTokenIds)[1]}`)).toHaveLength(1);
    expect((await gamma(`/markets/${m.id}`)).conditionId).toBe(m.conditionId);
    expect(await gamma(`/markets?slug=${m.slug}&id=${m.id}`)).toHaveLength(1);
    expect(await gamma("/markets?limit=2&offset=1")).toHaveLength(2);
    expect(await gamma("/events?closed=true")).toEqual([]);
    expect((await fetch(`${sim.urls.polymarket.gamma}/markets/nope`)).status).toBe(404);
    // Each Kalshi market names its twin and which token pays on its YES.
    for (const km of epl.kalshi.markets) {
      const pm = epl.polymarket.markets.find((x) => x.conditionId === km.polymarket?.conditionId);
      expect(pm?.outcomes[0]?.tokenId).toBe(km.polymarket?.yesTokenId);
      expect(km.polymarket?.polarity).toBe("same");
    }
    const [away, home] = nba.kalshi.markets;
    expect([away?.polymarket?.polarity, home?.polymarket?.polarity]).toEqual(["same", "inverted"]);
    expect(home?.polymarket?.yesTokenId).toBe(away?.polymarket?.noTokenId);
  });

  it("a trap game lists its outcomes opposite to its title, so its Kalshi twin's YES is the second token", async () => {
    sim = await startSim({ scenario: parseScenario(polyScenario({ games: { count: 2, leagues: ["NBA"] }, polymarket: { trapGames: 1 } })) });
    const [trap, normal] = sim.control.markets().games;
    if (trap === undefined || normal === undefined) throw new Error("two games");
    expect([trap.polymarket.trap, normal.polymarket.trap]).toEqual([true, false]);
    const tm = trap.polymarket.markets[0];
    const awayNick = tm?.question.split(" vs. ")[0];
    expect(tm?.outcomes[1]?.label).toBe(awayNick);
    expect(trap.kalshi.markets[0]?.polymarket).toMatchObject({ polarity: "inverted", trap: true, yesTokenId: tm?.outcomes[1]?.tokenId });
    expect(normal.kalshi.markets[0]?.polymarket).toMatchObject({ polarity: "same", trap: false });
    // A window is never injected into a trap pair unless asked for by ticker.
    const w = sim.control.injectArb({ kind: "poly_yes_kalshi_no", edgeBps: 100, sizeHundredths: 500, durationMs: 1000 });
    expect(w.ticker.startsWith(normal.kalshi.eventTicker)).toBe(true);
  });
});
