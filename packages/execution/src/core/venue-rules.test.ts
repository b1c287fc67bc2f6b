import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LEG_KALSHI_NO, LEG_POLY_YES, kalshiTradeFeeMicros, polymarketOrderFeeMicros } from "@arb/domain";
import { describe, expect, it } from "vitest";
import { ExecutionConfig, PairSpec } from "../config.js";
import { legOf, marketOf } from "./legs.js";
import { VENUE_MECHANICS, entryTimeInForceOf, feeExponentOf, fillFeeMicros } from "./venue-rules.js";

const config = ExecutionConfig.parse({});

describe("VENUE_MECHANICS", () => {
  it("holds what the core used to branch on by venue name", () => {
    expect(VENUE_MECHANICS.kalshi.unwind).toBe("sell");
    expect(VENUE_MECHANICS.polymarket.unwind).toBe("buy-complement");
    expect(legOf("kalshi", "no")).toBe(LEG_KALSHI_NO);
    expect(legOf("polymarket", "yes")).toBe(LEG_POLY_YES);
    const spec = PairSpec.parse({ pair: 1, eventId: "E", kalshiMarket: "E-A", polymarketMarket: "0xc" });
    expect([marketOf(spec, "kalshi"), marketOf(spec, "polymarket")]).toEqual(["E-A", "0xc"]);
    expect(entryTimeInForceOf("kalshi", config)).toBe("immediate_or_cancel");
    expect(entryTimeInForceOf("polymarket", config)).toBe("fill_or_kill");
    // Kalshi's fee takes no exponent whatever the rules say; Polymarket's is the market's.
    expect(feeExponentOf("kalshi", { ...config.venues.kalshi, feeExponent: 2 })).toBe(1);
    expect(feeExponentOf("polymarket", { ...config.venues.polymarket, feeExponent: 2 })).toBe(2);
    expect(fillFeeMicros("kalshi", 1_000, 4_500, config.venues.kalshi)).toBe(kalshiTradeFeeMicros(1_000, 4_500, 70_000));
    const poly = { ...config.venues.polymarket, feeRatePpm: 20_000 };
    expect(fillFeeMicros("polymarket", 1_000, 4_500, poly)).toBe(polymarketOrderFeeMicros(1_000, 4_500, 20_000, 1));
  });

  it("is the only place the pure core names a venue to decide something", () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const branches = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "venue-rules.ts")
      .flatMap((f) =>
        readFileSync(join(dir, f), "utf8")
          .split("\n")
          .filter((line) => /[!=]==?\s*"(kalshi|polymarket)"|"(kalshi|polymarket)"\s*[!=]==?|case\s+"(kalshi|polymarket)"/.test(line))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(branches).toEqual([]);
  });
});
