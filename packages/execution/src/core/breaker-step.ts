import { type BreakerInput, applyBreaker } from "./breaker.js";
import type { ExecState, StepContext } from "./state.js";
import type { Out } from "./out.js";

/** One breaker input through the breaker's reducer (breaker.ts): its effects become ledger writes, events and alerts. */
export function breaker(state: ExecState, input: BreakerInput, ctx: StepContext, out: Out): void {
  const r = applyBreaker(state.breaker, input, out.nowMs, ctx.config.breaker);
  state.breaker = r.state;
  for (const e of r.effects) {
    out.write({ kind: "breaker", effect: e });
    if (e.kind === "breaker.tripped") {
      out.emit({ kind: "breaker.tripped", reason: e.reason, detail: e.detail, untilMs: e.untilMs, tsMs: out.nowMs });
      out.alert({
        kind: "breaker.tripped",
        severity: "critical",
        tsMs: out.nowMs,
        exposureHundredths: 0,
        exposureMicros: state.exposure.total,
        message: `breaker tripped: ${e.reason} (${e.detail})`,
      });
    } else out.emit({ kind: "breaker.reset", cause: e.cause, tsMs: out.nowMs });
  }
}
