import { ARB_TYPES } from "@arb/domain";
import type { PairSpec } from "../config.js";
import { type ExecState, type StepContext, freshnessOf, stepContext } from "../core/state.js";
import { createExecState, step } from "../core/dispatch.js";

// Deep, cheap books on every leg: each synthetic opportunity goes through sizing, risk and order placement. Both
// element kinds a live ladder yields (small integers, and doubles read out of typed arrays), so the fields they
// reach are optimised for either.
const LEVELS = [4000, 100_000, 4100, 100_000, 4200, 100_000];
const ASKS: readonly (readonly number[])[] = [[...LEVELS], Array.from(Float64Array.from(LEVELS))];
/** Live pair specs the warm-up decides on (their objects, so their hidden classes, are the live ones). */
const SPECS = 8;

/**
 * Synthetic decisions: `step` on an opportunity and the journal's serialisation of its writes, on a scratch state
 * with synthetic books. An arb is rare, and a cold decision path costs several times a warm one (unoptimised code
 * at first; cold caches and branch predictors between arbs), so the engine runs rounds of these at start and, if
 * configured, one every few milliseconds. They decide on the live pair specs and the live config with readers built
 * where the live ones are (`stepContext`, `freshnessOf`), so the optimised code meets the same object shapes live and
 * is kept. They touch nothing but their own scratch objects.
 */
export class DecisionWarmer {
  private readonly specs: readonly PairSpec[];
  private readonly ctx: StepContext;
  private readonly state: ExecState;
  private readonly persistMs: number;
  private nowMs = 0;
  private turn = 0;

  constructor(live: StepContext) {
    this.specs = [...live.pairs.values()].slice(0, SPECS);
    this.persistMs = live.config.risk.persistMs;
    this.ctx = stepContext(
      live.config,
      new Map(this.specs.map((s) => [s.pair, s])),
      () => ASKS[this.turn % 2] as readonly number[],
      () => freshnessOf(this.nowMs, false),
      () => true,
    );
    this.state = createExecState("warmup", 0);
  }

  /** One synthetic decision (the next spec × arb type in turn); true when it went as far as placing orders. */
  once(nowMs: number): boolean {
    if (this.specs.length === 0) return false;
    const spec = this.specs[this.turn % this.specs.length] as PairSpec;
    const type = ARB_TYPES[Math.floor(this.turn / this.specs.length) % ARB_TYPES.length] as (typeof ARB_TYPES)[number];
    this.turn++;
    this.nowMs = nowMs;
    // The opportunity has persisted exactly long enough (risk.persistMs), so the full path runs.
    this.state.firstSeenMs.set(spec.pair, nowMs - this.persistMs);
    const commands = step(this.state, { kind: "opportunity.detected", pair: spec.pair, type }, this.ctx, nowMs);
    JSON.stringify(commands.flatMap((c) => (c.kind === "ledger.write" ? [c.write] : [])));
    this.state.arbs.clear();
    this.state.orders.clear();
    this.state.claims.clear();
    return commands.some((c) => c.kind === "order.place");
  }

  /** `rounds` × every spec × every arb type; returns how many went as far as placing orders. */
  rounds(rounds: number, nowMs: number): number {
    let placed = 0;
    for (let i = rounds * this.specs.length * ARB_TYPES.length; i > 0; i--) if (this.once(nowMs)) placed++;
    return placed;
  }
}
