// The execution engine's figures: decision latency against the simulator on loopback, and the ledger's write rate.
import { measureDecisionLatency, measureLedgerWrites } from "@arb/execution";
import { startSimProcess } from "./sim-process.js";

export interface ExecutionFigures {
  readonly samples: number;
  readonly decisionP50Us: number;
  readonly decisionP99Us: number;
  readonly handoffP50Us: number;
  readonly handoffP99Us: number;
  readonly ledgerFillsPerSec: number;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export async function measureExecution(quick: boolean): Promise<ExecutionFigures> {
  // No simulated makers: the measured orders meet only the books the measurement sets.
  const sim = await startSimProcess({ name: "bench", seed: 1, games: { count: 2, leagues: ["NBA"] }, marketMakers: { enabled: false } });
  try {
    const s = await measureDecisionLatency(sim.sim, quick ? 100 : 400);
    const decision = [...s.decisionUs].sort((a, b) => a - b);
    const handoff = [...s.handoffUs].sort((a, b) => a - b);
    return {
      samples: decision.length,
      decisionP50Us: percentile(decision, 0.5),
      decisionP99Us: percentile(decision, 0.99),
      handoffP50Us: percentile(handoff, 0.5),
      handoffP99Us: percentile(handoff, 0.99),
      ledgerFillsPerSec: measureLedgerWrites(quick ? 5_000 : 20_000).fillsPerSec,
    };
  } finally {
    await sim.close();
  }
}
