// pnpm bench: races the detection core's contenders and writes bench/results/latest.{md,json}.
// Each JS contender runs alone in a fresh worker, one at a time (2-core machines: no two measurements overlap).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { MeasureOptions, Measured } from "./measure.js";
import { type Row, renderMarkdown } from "./report.js";
import { REF_KERNELS, REF_RUSTC_FLAGS, type RefKernel } from "@arb/core-wasm/ref";
import { type RustTiming, rustBench } from "./rust.js";
import { measureExecution } from "./execution.js";
import type { OrderContender } from "./order-path.js";
import type { JsContender, Scenario, TaskSpec } from "./tasks.js";

const quick = process.argv.includes("--quick");
const opts: MeasureOptions = quick ? { timeMs: 250, warmupMs: 50 } : { timeMs: 1500, warmupMs: 250 };
const SCAN_SIZES = [100, 1_000, 10_000, 100_000];
const INCREMENTAL_PAIRS = 10_000;
const FRAME_MARKETS = 16;
const ENGINES: JsContender[] = ["wasm-simd", "wasm-scalar", "ts-twin"];
/** The Polymarket order path's stages before and after, then the secp256k1 candidates (order-path.ts). */
const ORDER_CONTENDERS: OrderContender[] = [
  "order-build",
  "order-digest-viem",
  "order-digest",
  "order-sign-viem",
  "sign-libsecp256k1",
  "order-body",
  "order-stage",
  "sign-noble",
  "sign-noble-w12",
  "sign-openssl",
];

function runWorker(spec: TaskSpec): Promise<Measured & { checksum: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./worker.js", import.meta.url), { workerData: { spec, opts } });
    // Its figures are all that is wanted: a task still holding a handle (a venue client's timers) must not keep the
    // run alive.
    w.once("message", (m: Measured & { checksum: number }) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
    w.once("exit", (code) => code !== 0 && reject(new Error(`bench worker ${JSON.stringify(spec)} exited ${code}`)));
  });
}

const rows: Row[] = [];
async function race(scenario: Scenario, pairs: number, contenders: JsContender[]): Promise<void> {
  const sums = new Map<string, number>();
  for (const contender of contenders) {
    const m = await runWorker({ scenario, contender, pairs });
    rows.push({ scenario, pairs, contender, nsPerOp: m.nsPerOp, rmePercent: m.rmePercent, samples: m.samples });
    if (ENGINES.includes(contender)) sums.set(contender, m.checksum);
    const size = scenario === "order" ? "".padStart(13) : `${String(pairs).padStart(7)} pairs`;
    process.stdout.write(`  ${scenario.padEnd(11)} ${size}  ${contender.padEnd(24)} ${m.nsPerOp.toFixed(1).padStart(12)} ns/op\n`);
  }
  if (new Set(sums.values()).size > 1) {
    throw new Error(`${scenario}@${pairs}: contenders disagree on the answer: ${JSON.stringify([...sums])}`);
  }
}

/** The report's contender name of each Rust scan kernel: "rust-ref" is the scalar reference, as before. */
const RUST_CONTENDER: Readonly<Record<RefKernel, string>> = { scalar: "rust-ref", "sse4.1": "rust-sse4.1", avx2: "rust-avx2" };

function addRust(run: RustTiming, scenario: Scenario, pairs: number, ns: number, contender = "rust-ref"): void {
  rows.push({ scenario, pairs, contender, nsPerOp: ns, rmePercent: Number.NaN, samples: run.iters });
  process.stdout.write(`  ${scenario.padEnd(11)} ${String(pairs).padStart(7)} pairs  ${contender.padEnd(24)} ${ns.toFixed(1).padStart(12)} ns/op\n`);
}

console.log(`pnpm bench${quick ? " --quick" : ""}: ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
const started = Date.now();
await race("incremental", INCREMENTAL_PAIRS, [...ENGINES, "python-style"]);
for (const pairs of SCAN_SIZES) await race("scan", pairs, [...ENGINES, "python-style"]);
await race("dedup", INCREMENTAL_PAIRS, ["wasm-simd", "ts-twin", "js-set"]);
await race("frame", FRAME_MARKETS, ["kalshi-delta", "polymarket-price-change"]);
await race("order", 1, ORDER_CONTENDERS);

let rustNote: string;
const rustSkipped = new Set<string>();
const rustRuns = new Map<number, RustTiming>();
try {
  for (const pairs of SCAN_SIZES) {
    const run = rustBench(pairs, quick);
    if ("skipped" in run) throw new Error(run.skipped);
    rustRuns.set(pairs, run);
    for (const kernel of REF_KERNELS) {
      const ns = run.scanNs[kernel];
      if (ns === undefined) rustSkipped.add(`${RUST_CONTENDER[kernel]} skipped: CPU lacks ${kernel.toUpperCase()}`);
      else addRust(run, "scan", pairs, ns, RUST_CONTENDER[kernel]);
    }
    if (pairs === INCREMENTAL_PAIRS) {
      addRust(run, "incremental", pairs, run.checkNs);
      addRust(run, "dedup", pairs, run.dedupNs);
    }
  }
  // The flags really used: no target-cpu, so the scalar reference is x86-64 baseline code (SSE2 at most, whatever
  // LLVM auto-vectorises); the vector kernels are the only code built for more, behind run-time detection.
  rustNote =
    `native Rust: rustc ${[...rustRuns.values()][0]?.rustc ?? "?"} \`${REF_RUSTC_FLAGS.join(" ")}\`, no target-cpu (x86-64 baseline, SSE2), ` +
    "timed inside its own process; rust-ref = scalar Rust; rust-sse4.1 and rust-avx2 = the same scan in explicit `std::arch` intrinsics " +
    'compiled under `#[target_feature(enable = "sse4.1")]` / `(enable = "avx2")` and run only where `is_x86_feature_detected!` finds the feature';
  for (const line of rustSkipped) console.log(`  ${line}`);
} catch (err) {
  rustNote = `Rust reference skipped: ${(err as Error).message}`;
  console.log(`  ${rustNote}`);
}

const execution = await measureExecution(quick);
console.log(
  `  execution: decision p50 ${execution.decisionP50Us.toFixed(0)} µs, handoff p50 ${execution.handoffP50Us.toFixed(0)} µs, ledger ${execution.ledgerFillsPerSec.toFixed(0)} fills/s`,
);

const meta = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  v8: process.versions.v8,
  quick,
  rust: rustNote,
  rustSkipped: [...rustSkipped],
  seconds: Math.round((Date.now() - started) / 1000),
};
const md = renderMarkdown(meta, rows, execution);
console.log(`\n${md}`);
const dir = join(import.meta.dirname, "..", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "latest.md"), md);
writeFileSync(join(dir, "latest.json"), `${JSON.stringify({ meta, rows, execution }, null, 2)}\n`);
console.log(`wrote bench/results/latest.md and latest.json in ${meta.seconds} s`);
