import { describe, expect, it } from "vitest";
import { entryOf, mergeEntries } from "./mapping-file.js";
import type { PairCandidate } from "./match.js";
import { parseAnswer, renderCandidate } from "./review.js";

const candidate = (flags: PairCandidate["flags"] = []): PairCandidate => ({
  id: "KXNBAGAME-26NOV25LALBOS-BOS~0xc1",
  league: "NBA",
  startMs: Date.UTC(2026, 10, 25, 19),
  kalshi: {
    ticker: "KXNBAGAME-26NOV25LALBOS-BOS",
    eventTicker: "KXNBAGAME-26NOV25LALBOS",
    eventMarkets: ["KXNBAGAME-26NOV25LALBOS-LAL", "KXNBAGAME-26NOV25LALBOS-BOS"],
    title: "Los Angeles L at Boston Winner?",
    yesSubTitle: "Boston",
    rules: "If Boston wins the game, including overtime, the market resolves to Yes.",
    yesPays: "BOS",
  },
  polymarket: {
    eventId: "9",
    conditionId: "0xc1",
    title: "Lakers vs. Celtics",
    question: "Lakers vs. Celtics",
    rules: "Resolves to the winner, overtime included.",
    yesTokenId: "t2",
    noTokenId: "t1",
    yesLabel: "Celtics",
    noLabel: "Lakers",
    yesIndex: 1,
  },
  kind: "moneyline",
  confidence: 0.95,
  reasons: ['polarity: Kalshi YES (BOS wins) = Polymarket "Celtics" (outcome 2 of 2), Kalshi NO = "Lakers"'],
  flags,
  decision: flags.length > 0 ? "reject" : "accept",
});

describe("review", () => {
  it("shows both venues side by side with rules, polarity and flags", () => {
    const text = renderCandidate(candidate(["overtime"]), 0, 3, 120);
    expect(text).toMatch(/^── pair 1\/3 · NBA · 2026-11-25T19:00Z · confidence 0\.95 · suggested: reject/);
    expect(text).toMatch(/KALSHI +│ POLYMARKET/);
    expect(text).toMatch(/YES = Boston \(BOS\) +│ same as Kalshi YES: "Celtics" · NO: "Lakers"/);
    expect(text).toMatch(/including overtime.*│ Resolves to the winner, overtime included\./);
    expect(text).toContain("UNSAFE: overtime");
  });

  it("needs the whole word to accept an unsafe pair", () => {
    expect(parseAnswer("a", false)).toBe("accept");
    expect(parseAnswer("a", true)).toBeUndefined();
    expect(parseAnswer(" ACCEPT ", true)).toBe("accept");
    expect(parseAnswer("r", true)).toBe("reject");
    expect(parseAnswer("", false)).toBe("skip");
    expect(parseAnswer("q", false)).toBe("quit");
    expect(parseAnswer("maybe", false)).toBeUndefined();
  });

  it("keeps the latest decision per pair in the mapping", () => {
    const auto = entryOf(candidate(), "accepted", "auto", 1);
    const human = entryOf(candidate(), "rejected", "human", 2);
    const other = { ...auto, id: "A~0x0" };
    expect(mergeEntries([auto, other], [human]).map((e) => [e.id, e.status, e.by])).toEqual([
      ["A~0x0", "accepted", "auto"],
      ["KXNBAGAME-26NOV25LALBOS-BOS~0xc1", "rejected", "human"],
    ]);
  });
});
