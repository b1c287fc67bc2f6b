import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScenarioError, loadScenarioFile, parseScenario } from "../src/index.js";

const DIR = new URL("../scenarios/", import.meta.url).pathname;

describe("scenarios", () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith(".json")))("ships a valid %s", (file) => {
    expect(loadScenarioFile(DIR + file).name).toBe(file.replace(/\.json$/, ""));
  });

  it("a bad scenario fails at load naming every field path and what was expected", () => {
    const bad = {
      name: "",
      seed: -1,
      games: { count: 0, leagues: ["CRICKET"] },
      marketMakers: { minSizeHundredths: 900, maxSizeHundredths: 100 },
      timeline: [{ kind: "arb.inject", atMs: 5, sizeHundredths: 100, durationMs: 10 }, { kind: "meteor.strike", atMs: 1 }],
    };
    let error: unknown;
    try {
      parseScenario(bad, "bad.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const issues = (error as ScenarioError).issues;
    const paths = issues.map((i) => i.slice(0, i.indexOf(":")));
    expect(paths).toEqual(expect.arrayContaining(["name", "seed", "games.count", "games.leagues.0", "marketMakers.minSizeHundredths", "timeline.0.edgeBps", "timeline.1.kind"]));
    expect(issues.find((i) => i.startsWith("games.count"))).toMatch(/>=1|≥|too small/i);
    expect((error as ScenarioError).message).toContain("bad.json");
  });

  it("Polymarket and cross-venue fields are checked with their paths too", () => {
    const issues = (input: unknown): string[] => {
      try {
        parseScenario(input);
      } catch (e) {
        return (e as ScenarioError).issues.map((i) => i.slice(0, i.indexOf(":")));
      }
      return [];
    };
    expect(issues({ name: "p", seed: 1, polymarket: { tickUnits: 3, trapGames: -1 }, timeline: [{ kind: "arb.inject", atMs: 1, arb: "poly_no_kalshi_yes", edgeBps: 1, sizeHundredths: 1, durationMs: 1 }] })).toEqual(
      expect.arrayContaining(["polymarket.tickUnits", "polymarket.trapGames", "timeline.0.arb"]),
    );
    expect(issues({ name: "p", seed: 1, timeline: [{ kind: "orders.fault", atMs: 1, venue: "kalshi", mode: "trade-failed" }, { kind: "venue.pause", atMs: 1, venue: "polymarket", paused: true }] })).toEqual(["timeline.0.mode", "timeline.1.venue"]);
  });

  it("an unreadable file names itself", () => {
    expect(() => loadScenarioFile(`${DIR}missing.json`)).toThrow(/missing\.json/);
  });
});
