import { describe, expect, it } from "vitest";
import { type BreakerInput, type BreakerState, UNTIL_RESET, applyBreaker, initialBreaker } from "./breaker.js";
import { BreakerLimits } from "../config.js";

const T0 = 1_700_000_000_000;
const limits = BreakerLimits.parse({
  maxConsecutiveErrors: 2,
  maxDailyLossMicros: 1_000,
  maxPositionMarketHundredths: 100,
  maxPositionTotalMicros: 1_000,
  cooldownMs: 60_000,
});

function run(inputs: readonly BreakerInput[], l = limits): BreakerState {
  let s = initialBreaker(T0);
  for (const i of inputs) s = applyBreaker(s, i, T0, l).state;
  return s;
}

const tick = (s: BreakerState, atMs: number, l = limits) => applyBreaker(s, { kind: "tick" }, atMs, l);

describe("breaker cooldown", () => {
  it("defaults to an automatic reset 5 minutes after an error trip", () => {
    expect(BreakerLimits.parse({}).cooldownMs).toBe(300_000);
  });

  it("resets a trip on consecutive errors once the cooldown has passed, not before", () => {
    const s = run([{ kind: "error" }, { kind: "error" }]);
    expect(s.tripped).toMatchObject({ reason: "CONSECUTIVE_ERRORS", untilMs: T0 + 60_000 });
    expect(tick(s, T0 + 59_999).effects).toEqual([]);
    const r = tick(s, T0 + 60_000);
    expect(r.effects).toEqual([{ kind: "breaker.reset", cause: "cooldown", atMs: T0 + 60_000 }]);
    expect(r.state).toMatchObject({ tripped: undefined, consecutiveErrors: 0 });
  });

  it("keeps daily-loss, position and manual trips until a person resets them, whatever the cooldown", () => {
    const trips: readonly (readonly [BreakerInput, string])[] = [
      [{ kind: "loss", micros: 1_000 }, "DAILY_LOSS"],
      [{ kind: "positions", maxMarketHundredths: 101, market: "M", totalCostMicros: 0 }, "POSITION_MARKET"],
      [{ kind: "positions", maxMarketHundredths: 0, market: "M", totalCostMicros: 1_001 }, "POSITION_TOTAL"],
      [{ kind: "trip", detail: "operator" }, "MANUAL"],
    ];
    for (const [input, reason] of trips) {
      const s = run([input]);
      expect(s.tripped, reason).toMatchObject({ reason, untilMs: UNTIL_RESET });
      expect(tick(s, T0 + 10 * 86_400_000).state.tripped?.reason, reason).toBe(reason);
      expect(applyBreaker(s, { kind: "reset" }, T0 + 1, limits).effects, reason).toEqual([{ kind: "breaker.reset", cause: "manual", atMs: T0 + 1 }]);
    }
  });

  it("with a cooldown of 0, an error trip also waits for a person", () => {
    const manual = { ...limits, cooldownMs: 0 };
    const s = run([{ kind: "error" }, { kind: "error" }], manual);
    expect(s.tripped?.untilMs).toBe(UNTIL_RESET);
    expect(tick(s, T0 + 86_400_000, manual).state.tripped?.reason).toBe("CONSECUTIVE_ERRORS");
  });
});
