import { ARB_TYPES } from "@arb/domain";
import { type StepContext, freshnessOf, stepContext } from "./state.js";
import { createExecState, step } from "./step.js";

// Deep, cheap books on every leg: each synthetic opportunity goes through sizing, risk and order placement. Both
// element kinds a live ladder yields (small integers, and doubles read out of typed arrays), so the fields they
// reach are optimised for either.
const LEVELS = [4000, 100_000, 4100, 100_000, 4200, 100_000];
const ASKS: readonly (readonly number[])[] = [[...LEVELS], Array.from(Float64Array.from(LEVELS))];
/** Live pair specs the warm-up decides on (their objects, so their hidden classes, are the live ones). */
const SPECS = 8;

/**
 * Runs the decision path (`step` on an opportunity, for every arb type, and the journal's serialisation of its
 * writes) `rounds` times on a scratch state with synthetic books, so V8 has optimised it before the first real
 * opportunity: an arb is rare, and a cold path costs ~10× a warm one. It decides on the live pair specs and the live
 * config with readers built where the live ones are (`stepContext`, `freshnessOf`), so the optimised code meets the
 * same object shapes live and is kept. Touches nothing but its own scratch objects. Returns how many synthetic
 * decisions went all the way to placing orders.
 */
export function warmDecisionPath(live: StepContext, rounds: number, nowMs: number): number {
  const specs = [...live.pairs.values()].slice(0, SPECS);
  if (specs.length === 0) return 0;
  // Each opportunity has persisted exactly long enough (risk.persistMs), so the full path runs.
  const firstSeenMs = nowMs - live.config.risk.persistMs;
  let r = 0;
  const ctx = stepContext(
    live.config,
    new Map(specs.map((s) => [s.pair, s])),
    () => ASKS[r % 2] as readonly number[],
    () => freshnessOf(nowMs, false),
    () => true,
  );
  const state = createExecState("warmup", nowMs);
  let placed = 0;
  for (; r < rounds; r++) {
    for (const spec of specs) {
      for (const type of ARB_TYPES) {
        state.firstSeenMs.set(spec.pair, firstSeenMs);
        const commands = step(state, { kind: "opportunity.detected", pair: spec.pair, type }, ctx, nowMs);
        JSON.stringify(commands.flatMap((c) => (c.kind === "ledger.write" ? [c.write] : [])));
        if (commands.some((c) => c.kind === "order.place")) placed++;
        state.arbs.clear();
        state.orders.clear();
      }
    }
  }
  return placed;
}
