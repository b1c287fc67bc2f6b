import type { MarketsView } from "@arb/venue-sim";
import { describe, expect, it } from "vitest";
import type { StampedLine } from "../procs.js";
import { fixtureDetector } from "./fixture-peer.js";
import { peerGames } from "./games.js";
import { oursDetector } from "./ours.js";
import { pythonDetector, pythonMarkets } from "./python.js";
import { modelPairs, teraussDetector } from "./terauss-model.js";
import type { Detection } from "./types.js";

const lines = (texts: readonly string[]): StampedLine[] => texts.map((text, i) => ({ ns: BigInt(i + 1) * 1000n, text }));
const run = (read: (l: StampedLine) => Detection | undefined, texts: readonly string[]) =>
  lines(texts)
    .map(read)
    .filter((d) => d !== undefined);

const twin = (yes: string, no: string) => ({ conditionId: "0xcond", yesTokenId: yes, noTokenId: no, polarity: "same", trap: false });
const MARKETS = {
  games: [
    {
      polymarket: { trap: false },
      kalshi: {
        eventTicker: "KXNBAGAME-26NOV25BOSGSW",
        title: "Boston at Golden State",
        markets: [
          { ticker: "KXNBAGAME-26NOV25BOSGSW-BOS", yesSubTitle: "Boston", polymarket: twin("111", "222") },
          { ticker: "KXNBAGAME-26NOV25BOSGSW-GSW", yesSubTitle: "Golden State", polymarket: twin("222", "111") },
        ],
      },
    },
  ],
} as unknown as MarketsView;

describe("contender stdout readers", () => {
  it("ours: pair.bound names the pair's ticker; order.would-send and arb.started are detections", () => {
    const d = run(oursDetector(), [
      '{"level":30,"event":"pair.bound","pair":3,"kalshiTicker":"G-A","msg":"pair bound"}',
      "not json",
      '{"level":30,"event":"order.would-send","pair":3,"type":"kalshi_yes_poly_no","edgeUnits":180}',
      '{"level":30,"event":"order.would-send","pair":9}',
      '{"level":30,"event":"arb.started","pair":3}',
    ]);
    expect(d).toEqual([
      { ns: 3000n, ticker: "G-A", edgeBps: 180 },
      { ns: 5000n, ticker: "G-A" },
    ]);
  });

  it("python: a callback detection is stamped with its first line and named by event and Kalshi team; the poll too", () => {
    const d = run(pythonDetector(), [
      "",
      "⚡ [CALLBACK] Dutch Book detected: KXNBAGAME-26NOV25BOSGSW",
      "   BOS@$0.410 + GSW@$0.560 = $0.970",
      "   Edge: 176bps | Confidence: High",
      "   ✓ Approved - Size: $100.00",
      "[12:00:01] [POLL] Dutch Book Opportunity detected!",
      "  Event: KXNBAGAME-26NOV25BOSGSW",
      "  Strategy: Buy GSW on Kalshi + Buy BOS on Polymarket",
    ]);
    expect(d).toEqual([
      { ns: 2000n, ticker: "KXNBAGAME-26NOV25BOSGSW-BOS" },
      { ns: 6000n, ticker: "KXNBAGAME-26NOV25BOSGSW-GSW" },
    ]);
  });

  it("terauss-model: its [EXEC] 🎯 lines; the warnings are not detections", () => {
    const d = run(teraussDetector(), [
      '[EXEC] ⚠️ market_id=1: Some("Insufficient liquidity")',
      "[EXEC] 🎯 KXNBAGAME-26NOV25BOSGSW-BOS | KalshiYesPolyNo y=41¢ n=56¢ | profit=1¢ | 3x | 88µs",
    ]);
    expect(d).toEqual([{ ns: 2000n, ticker: "KXNBAGAME-26NOV25BOSGSW-BOS", edgeBps: 100 }]);
  });

  it("fixture-peer: DETECT lines", () => {
    expect(run(fixtureDetector(), ["READY", "DETECT G-A 250", "ORDER G-A 201 {}"])).toEqual([{ ns: 2000n, ticker: "G-A", edgeBps: 250 }]);
  });
});

describe("peer configuration from the simulator's listing", () => {
  it("python's markets.json keys each token by the team code ending its Kalshi ticker", () => {
    const m = pythonMarkets(MARKETS) as {
      markets: { event_id: string; kalshi: { markets: { main: string; opponent: string } }; poly_token_ids: Record<string, string> }[];
    };
    expect(m.markets).toHaveLength(1);
    const [g] = m.markets;
    expect(g?.event_id).toBe("KXNBAGAME-26NOV25BOSGSW");
    expect(g?.kalshi.markets).toEqual({ main: "KXNBAGAME-26NOV25BOSGSW-BOS", opponent: "KXNBAGAME-26NOV25BOSGSW-GSW" });
    expect(g?.poly_token_ids).toEqual({ BOS: "111", GSW: "222" });
    expect(peerGames(MARKETS)[0]?.teams).toEqual(["Boston", "Golden State"]);
  });

  it("the model gets one pair per Kalshi market: its YES token and the other team's as NO", () => {
    expect(modelPairs(MARKETS)).toEqual([
      { kalshi_ticker: "KXNBAGAME-26NOV25BOSGSW-BOS", poly_yes_token: "111", poly_no_token: "222", description: "KXNBAGAME-26NOV25BOSGSW-BOS" },
      { kalshi_ticker: "KXNBAGAME-26NOV25BOSGSW-GSW", poly_yes_token: "222", poly_no_token: "111", description: "KXNBAGAME-26NOV25BOSGSW-GSW" },
    ]);
  });
});
