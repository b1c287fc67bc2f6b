import { describe, expect, it } from "vitest";
import type { AccountView, MarketsView, PolymarketAccountView } from "./control.js";
import { valueAtOutcomes } from "./valuation.js";

const twin = (yes: string, no: string) => ({ conditionId: "0xc", yesTokenId: yes, noTokenId: no, polarity: "same" as const, trap: false });
/** One two-team game: A's and B's Kalshi markets share one Polymarket market (A's token, B's token). */
const markets = {
  games: [
    {
      kalshi: {
        markets: [
          { ticker: "G-A", outcome: "A", polymarket: twin("tA", "tB") },
          { ticker: "G-B", outcome: "B", polymarket: twin("tB", "tA") },
        ],
      },
    },
  ],
} as unknown as MarketsView;
const kalshi = (balanceMicros: number, positions: AccountView["positions"]) => ({ balanceMicros, positions }) as AccountView;
const poly = (balanceMicros: number, tokens: PolymarketAccountView["tokens"]) => ({ balanceMicros, tokens }) as PolymarketAccountView;

describe("valueAtOutcomes", () => {
  it("a hedged pair pays $1 whoever wins: cash spent plus $1 per contract at worst and best", () => {
    // Bought 10 A YES on Kalshi at 0.40 and 10 B tokens at 0.55: $9.50 spent, $10 paid whatever happens.
    const v = valueAtOutcomes(
      markets,
      [kalshi(1_000_000_000 - 4_000_000, [{ ticker: "G-A", yesHundredths: 1000, noHundredths: 0 }])],
      [poly(1_000_000_000 - 5_500_000, [{ tokenId: "tB", hundredths: 1000 }])],
      1_000_000_000,
    );
    expect(v).toEqual({ cashMicros: -9_500_000, guaranteedMicros: 500_000, bestMicros: 500_000 });
  });

  it("an unhedged leg is worth nothing at its worst outcome and $1 per contract at its best", () => {
    const v = valueAtOutcomes(markets, [kalshi(996_000_000, [{ ticker: "G-A", yesHundredths: 1000, noHundredths: 0 }])], [], 1_000_000_000);
    expect(v).toEqual({ cashMicros: -4_000_000, guaranteedMicros: -4_000_000, bestMicros: 6_000_000 });
  });
});
