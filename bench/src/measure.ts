// Runs one batched task through tinybench and reports nanoseconds per inner operation. Single operations take
// nanoseconds, below the timer's resolution and its call overhead, so every sample times a batch of `batch` ops.
import { Bench } from "tinybench";

export interface Measured {
  readonly nsPerOp: number;
  readonly rmePercent: number;
  readonly samples: number;
}

export interface MeasureOptions {
  readonly timeMs: number;
  readonly warmupMs: number;
}

export async function measure(name: string, batch: number, fn: () => void, opts: MeasureOptions): Promise<Measured> {
  const bench = new Bench({ name, time: opts.timeMs, warmupTime: opts.warmupMs, iterations: 16 });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || result.state !== "completed") {
    throw new Error(`benchmark ${name} did not complete: ${result?.state ?? "no result"}`);
  }
  return { nsPerOp: (result.latency.p50 * 1e6) / batch, rmePercent: result.latency.rme, samples: result.latency.samplesCount };
}
