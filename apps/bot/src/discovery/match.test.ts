import { kalshiWire, parseKalshiTicker, polymarketWire } from "@arb/venues";
import { describe, expect, it } from "vitest";
import { loadLeagues, resolveTeam } from "./leagues.js";
import { type KalshiGame, type PolyGame, parseGammaEvent, parseKalshiEvent, parseKalshiEventSuffix } from "./listing.js";
import { entryOf } from "./mapping-file.js";
import { type MatchOptions, matchGames } from "./match.js";

const leagues = new Map(loadLeagues().map((l) => [l.key, l]));
const league = (k: string) => {
  const l = leagues.get(k);
  if (l === undefined) throw new Error(k);
  return l;
};
const opts: MatchOptions = { minConfidence: 0.9, dateWindowMinutes: 360, includeSpreadsTotalsProps: false };
const START = "2026-11-25T19:00:00Z";

function kalshi(key: string, series: string, suffix: string, markets: [string, string][], extra: { strike?: string | null; rules?: string } = {}): KalshiGame {
  const ev = `${series}-${suffix}`;
  const e = kalshiWire.KalshiEvent.parse({
    event_ticker: ev,
    series_ticker: series,
    title: "Game",
    strike_date: extra.strike === undefined ? START : extra.strike,
    markets: markets.map(([code, sub]) => ({
      ticker: `${ev}-${code}`,
      event_ticker: ev,
      status: "active",
      yes_sub_title: sub,
      rules_primary: extra.rules ?? `If ${sub} wins, the market resolves to Yes.`,
    })),
  });
  const g = parseKalshiEvent(league(key), e);
  if (g === undefined) throw new Error(`unparsed ${ev}`);
  return g;
}

let tok = 0;
function gamma(
  key: string,
  title: string,
  markets: { q?: string; outcomes: string[]; type?: string; description?: string; start?: string; group?: string }[],
  slug = "x-2026-11-25",
): PolyGame {
  const e = polymarketWire.PolyGammaEvent.parse({
    id: String(++tok),
    slug,
    title,
    markets: markets.map((m, i) => ({
      id: `${tok}-${i}`,
      conditionId: `0xc${tok}${i}`,
      question: m.q ?? title,
      description: m.description ?? "",
      outcomes: JSON.stringify(m.outcomes),
      clobTokenIds: JSON.stringify(m.outcomes.map((o) => `t-${tok}-${i}-${o}`)),
      gameStartTime: (m.start ?? START).replace("T", " ").replace(/Z$/, "+00"),
      sportsMarketType: m.type ?? "moneyline",
      groupItemTitle: m.group,
    })),
  });
  const g = parseGammaEvent(league(key), e);
  if (g === undefined) throw new Error(`unparsed ${title}`);
  return g;
}

describe("team names", () => {
  it("resolves codes, nicknames, full names, aliases and Kalshi's city-plus-initial", () => {
    const nba = league("nba");
    for (const n of ["LAL", "Lakers", "Los Angeles Lakers", "LA Lakers", "Los Angeles L", "los angeles  lakers!"]) expect(resolveTeam(nba, n)).toBe("LAL");
    expect(resolveTeam(league("nhl"), "Montréal Canadiens")).toBe("MTL");
    expect(resolveTeam(league("epl"), "Brighton & Hove Albion")).toBe("BHA");
  });

  it("refuses a name shared by two teams", () => {
    expect(resolveTeam(league("nba"), "Los Angeles")).toBeUndefined();
    expect(resolveTeam(league("ncaaf"), "Tigers")).toBeUndefined();
    expect(resolveTeam(league("epl"), "London")).toBeUndefined();
  });

  it("splits Kalshi's concatenated team codes by the league's codes", () => {
    expect(parseKalshiEventSuffix(league("nba"), "26NOV25NYKGSW")).toEqual({ dayMs: Date.UTC(2026, 10, 25), teams: ["NYK", "GSW"] });
    expect(parseKalshiEventSuffix(league("mls"), "26NOV25LAFCNYRBG2")?.teams).toEqual(["LAFC", "NYRB"]);
    expect(parseKalshiEventSuffix(league("nba"), "26NOV25LALXYZ")).toBeUndefined();
  });
});

describe("matchGames", () => {
  it("pairs both team markets of a two-way game, mapping each Kalshi YES to its team's token", () => {
    const k = kalshi("nba", "KXNBAGAME", "26NOV25LALBOS", [
      ["LAL", "Los Angeles L"],
      ["BOS", "Boston"],
    ]);
    const p = gamma("nba", "Los Angeles Lakers vs. Boston Celtics", [{ outcomes: ["Lakers", "Celtics"] }]);
    const r = matchGames([k], [p], opts);
    expect(r.candidates.map((c) => [c.kalshi.ticker, c.polymarket.yesLabel, c.polymarket.noLabel, c.polymarket.yesIndex, c.decision])).toEqual([
      ["KXNBAGAME-26NOV25LALBOS-LAL", "Lakers", "Celtics", 0, "accept"],
      ["KXNBAGAME-26NOV25LALBOS-BOS", "Celtics", "Lakers", 1, "accept"],
    ]);
    expect(r.candidates[1]?.polymarket.yesTokenId).toMatch(/Celtics$/);
    expect(r.candidates[0]?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.candidates[0]?.reasons.join("\n")).toMatch(/polarity: Kalshi YES \(LAL wins\) = Polymarket "Lakers"/);
  });

  it("matches through aliases in titles and outcomes", () => {
    const k = kalshi("epl", "KXEPLGAME", "26NOV25MCITOT", [
      ["MCI", "Manchester City"],
      ["TOT", "Tottenham"],
      ["TIE", "Tie"],
    ]);
    const p = gamma("epl", "Man City vs. Tottenham Hotspur FC", [
      { q: "Will Manchester City FC win on 2026-11-25?", outcomes: ["Yes", "No"] },
      { q: "Will Spurs win on 2026-11-25?", outcomes: ["Yes", "No"] },
      { q: "Will Man City vs. Tottenham end in a draw?", outcomes: ["Yes", "No"] },
    ]);
    expect(matchGames([k], [p], opts).candidates.map((c) => [c.kalshi.yesPays, c.polymarket.question.slice(0, 20), c.decision])).toEqual([
      ["MCI", "Will Manchester City", "accept"],
      ["TOT", "Will Spurs win on 20", "accept"],
      ["TIE", "Will Man City vs. To", "accept"],
    ]);
  });

  it("maps Yes/No by label even when the venue lists No first", () => {
    const k = kalshi("mls", "KXMLSGAME", "26NOV25LAGSEA", [["LAG", "LA Galaxy"]]);
    const p = gamma("mls", "LA Galaxy vs. Seattle Sounders FC", [{ q: "Will LA Galaxy win on 2026-11-25?", outcomes: ["No", "Yes"] }]);
    const c = matchGames([k], [p], opts).candidates[0];
    expect([c?.polymarket.yesLabel, c?.polymarket.yesIndex, c?.decision]).toEqual(["Yes", 1, "accept"]);
  });

  it("rejects a listing whose outcome order contradicts its title (inverted polarity trap)", () => {
    const k = kalshi("nba", "KXNBAGAME", "26NOV25LALBOS", [
      ["LAL", "Los Angeles L"],
      ["BOS", "Boston"],
    ]);
    const p = gamma("nba", "Los Angeles Lakers vs. Boston Celtics", [{ outcomes: ["Celtics", "Lakers"] }]);
    const cs = matchGames([k], [p], opts).candidates;
    expect(cs.map((c) => c.decision)).toEqual(["reject", "reject"]);
    expect(cs[0]?.flags).toContain("outcome-order-contradicts-title");
  });

  it("binds every Kalshi market of a slate to its Polymarket market: a game's two teams to one market with inverted polarity, soccer's three to three, the trap to none", () => {
    const games = [
      kalshi("nba", "KXNBAGAME", "26NOV25LALBOS", [
        ["LAL", "Los Angeles L"],
        ["BOS", "Boston"],
      ]),
      kalshi("nba", "KXNBAGAME", "26NOV25NYKMIA", [
        ["NYK", "New York"],
        ["MIA", "Miami"],
      ]),
      kalshi("epl", "KXEPLGAME", "26NOV25ARSCHE", [
        ["ARS", "Arsenal"],
        ["CHE", "Chelsea"],
        ["TIE", "Tie"],
      ]),
    ];
    const listings = [
      gamma("nba", "Los Angeles Lakers vs. Boston Celtics", [{ outcomes: ["Lakers", "Celtics"] }]),
      gamma("nba", "New York Knicks vs. Miami Heat", [{ outcomes: ["Heat", "Knicks"] }], "trap-2026-11-25"),
      gamma("epl", "Arsenal vs. Chelsea", [
        { q: "Will Arsenal win on 2026-11-25?", outcomes: ["Yes", "No"] },
        { q: "Will Chelsea win on 2026-11-25?", outcomes: ["Yes", "No"] },
        { q: "Will Arsenal vs. Chelsea end in a draw?", outcomes: ["Yes", "No"] },
      ]),
    ];
    const entries = matchGames(games, listings, opts).candidates.map((c) => entryOf(c, c.decision === "accept" ? "accepted" : "rejected", "auto", 0));
    const accepted = entries.filter((e) => e.status === "accepted");
    expect(accepted.map((e) => parseKalshiTicker(e.kalshiTicker).outcome)).toEqual(["LAL", "BOS", "ARS", "CHE", "TIE"]);
    const [lal, bos] = accepted;
    expect(bos?.conditionId).toBe(lal?.conditionId);
    expect([bos?.yesTokenId, bos?.noTokenId, bos?.yesLabel, bos?.noLabel]).toEqual([lal?.noTokenId, lal?.yesTokenId, "Celtics", "Lakers"]);
    expect(new Set(accepted.slice(2).map((e) => e.conditionId)).size).toBe(3);
    expect(accepted.slice(2).map((e) => e.yesLabel)).toEqual(["Yes", "Yes", "Yes"]);
    const trap = entries.filter((e) => e.kalshiTicker.includes("NYKMIA"));
    expect(trap.map((e) => [e.status, e.flags])).toEqual([
      ["rejected", ["outcome-order-contradicts-title"]],
      ["rejected", ["outcome-order-contradicts-title"]],
    ]);
  });

  it("never pairs a soccer team market with a two-way market that has no draw", () => {
    const k = kalshi("epl", "KXEPLGAME", "26NOV25ARSCHE", [
      ["ARS", "Arsenal"],
      ["TIE", "Tie"],
    ]);
    const p = gamma("epl", "Arsenal vs. Chelsea", [{ outcomes: ["Arsenal", "Chelsea"] }]);
    const cs = matchGames([k], [p], opts).candidates;
    expect(cs.map((c) => [c.kalshi.yesPays, c.decision, c.flags])).toEqual([["ARS", "reject", ["draw-not-covered"]]]);
  });

  it("keeps different dates and far-apart start times apart", () => {
    const k = kalshi("nba", "KXNBAGAME", "26NOV25LALBOS", [["LAL", "Los Angeles L"]]);
    const later = gamma("nba", "Lakers vs. Celtics", [{ outcomes: ["Lakers", "Celtics"], start: "2026-11-26T02:01:00Z" }]);
    const r = matchGames([k], [later], opts);
    expect(r.candidates).toEqual([]);
    expect(r.unmatchedKalshi).toEqual(["KXNBAGAME-26NOV25LALBOS"]);
    const near = gamma("nba", "Lakers vs. Celtics", [{ outcomes: ["Lakers", "Celtics"], start: "2026-11-25T20:30:00Z" }]);
    const c = matchGames([k], [near], opts).candidates[0];
    expect(c?.reasons).toContain("start times 90 min apart");
    expect(c?.decision).toBe("review");
  });

  it("takes the closest of a double-header's two listings and says so", () => {
    const k = kalshi("mlb", "KXMLBGAME", "26NOV25NYYBOS", [["NYY", "New York Y"]]);
    const g1 = gamma("mlb", "New York Yankees vs. Boston Red Sox", [{ outcomes: ["Yankees", "Red Sox"], start: "2026-11-25T23:00:00Z" }]);
    const g2 = gamma("mlb", "New York Yankees vs. Boston Red Sox", [{ outcomes: ["Yankees", "Red Sox"], start: "2026-11-25T19:05:00Z" }]);
    const c = matchGames([k], [g1, g2], opts).candidates[0];
    expect(c?.polymarket.eventId).toBe(g2.eventId);
    expect(c?.decision).toBe("review");
  });

  it("flags overtime, postponement and settlement-source differences as unsafe", () => {
    const k = kalshi("nhl", "KXNHLGAME", "26NOV25TORMTL", [["TOR", "Toronto"]], {
      rules: "If Toronto wins, including overtime and shootout, resolves Yes. If the game is postponed, the market resolves 50-50. Source: nhl.com.",
    });
    const p = gamma("nhl", "Toronto Maple Leafs vs. Montréal Canadiens", [
      {
        outcomes: ["Maple Leafs", "Canadiens"],
        description: "Resolves to the team leading at the end of regulation. If the game is postponed, the market is void and refunded. Source: espn.com.",
      },
    ]);
    const c = matchGames([k], [p], opts).candidates[0];
    expect(c?.flags).toEqual(["overtime", "postponement", "settlement-source"]);
    expect(c?.decision).toBe("reject");
  });

  it("excludes spreads, totals and props unless enabled, then only for review", () => {
    const k = kalshi("nfl", "KXNFLGAME", "26NOV25KCBUF", [["KC", "Kansas City"]]);
    const p = gamma("nfl", "Kansas City Chiefs vs. Buffalo Bills", [{ q: "Spread: Chiefs (-2.5)", outcomes: ["Chiefs", "Bills"], type: "spreads" }]);
    expect(matchGames([k], [p], opts).candidates).toEqual([]);
    const c = matchGames([k], [p], { ...opts, includeSpreadsTotalsProps: true }).candidates[0];
    expect([c?.kind, c?.decision, c?.flags]).toEqual(["spread", "reject", ["not-moneyline"]]);
  });

  it("prefers the moneyline over a spread of the same game", () => {
    const k = kalshi("nfl", "KXNFLGAME", "26NOV25KCBUF", [["KC", "Kansas City"]]);
    const p = gamma("nfl", "Chiefs vs. Bills", [
      { q: "Spread: Chiefs (-2.5)", outcomes: ["Chiefs", "Bills"], type: "spreads" },
      { q: "Chiefs vs. Bills", outcomes: ["Chiefs", "Bills"] },
    ]);
    expect(matchGames([k], [p], opts).candidates.map((c) => c.polymarket.question)).toEqual(["Chiefs vs. Bills"]);
  });

  it("scores a date-only Kalshi listing below the auto-accept threshold", () => {
    const k = kalshi("nba", "KXNBAGAME", "26NOV25LALBOS", [["LAL", "Los Angeles L"]], { strike: null });
    const p = gamma("nba", "Lakers vs. Celtics", [{ outcomes: ["Lakers", "Celtics"] }]);
    const c = matchGames([k], [p], opts).candidates[0];
    expect(c?.decision).toBe("review");
    expect(c?.reasons).toContain("same game date (±1 day; only the date is known)");
  });

  it("does not cross leagues that share team codes", () => {
    const k = kalshi("nhl", "KXNHLGAME", "26NOV25BOSNYR", [["BOS", "Boston"]]);
    const p = gamma("nba", "Boston Celtics vs. New York Knicks", [{ outcomes: ["Celtics", "Knicks"] }]);
    expect(matchGames([k], [p], opts).candidates).toEqual([]);
  });
});
