// The benchmark tasks: one (scenario, contender, pairs) → a batched function. Built inside a fresh worker so each
// contender gets its own JIT state (a shared call site would turn polymorphic and penalise whoever runs second).
// The venue clients (and viem) are imported only by the tasks that use them: ~0.9 s of start-up per worker, and a
// heap the detection contenders would otherwise carry.
import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { generateBooks, generateUpdates, loadEngine } from "./books.js";
import type { OrderContender } from "./order-path.js";
import { PythonStyleDetector } from "./python-style.js";

export type Scenario = "incremental" | "scan" | "dedup" | "frame" | "order";
export type JsContender = "wasm-simd" | "wasm-scalar" | "ts-twin" | "python-style" | "js-set" | "kalshi-delta" | "polymarket-price-change" | OrderContender;

export interface TaskSpec {
  readonly scenario: Scenario;
  readonly contender: JsContender;
  readonly pairs: number;
}

export interface BuiltTask {
  readonly batch: number;
  readonly fn: () => void;
  /** Result of one untimed run, checked across contenders so a fast wrong answer cannot win. */
  readonly checksum: number;
}

const UPDATES = 1 << 16;
let sink = 0;

function engineFor(contender: JsContender, pairs: number): DetectionEngine {
  if (contender !== "wasm-simd" && contender !== "wasm-scalar" && contender !== "ts-twin") {
    throw new Error(`${contender} is not a detection engine`);
  }
  return loadEngine(createEngine(contender), generateBooks(pairs));
}

function incremental(spec: TaskSpec): BuiltTask {
  const books = generateBooks(spec.pairs);
  const upd = generateUpdates(books, UPDATES);
  const mask = UPDATES - 1;
  if (spec.contender === "python-style") {
    const py = new PythonStyleDetector(books);
    let k = 0;
    const batch = Math.max(1, Math.floor(20_000 / spec.pairs));
    const fn = () => {
      for (let j = 0; j < batch; j++) {
        const u = k++ & mask;
        sink += py.update(upd.pair[u]!, upd.leg[u]!, upd.price[u]!, upd.size[u]!, 0).length;
      }
    };
    return { batch, fn, checksum: py.scanAll().length };
  }
  const engine = engineFor(spec.contender, spec.pairs);
  const { ask, size } = engine.views();
  let k = 0;
  const batch = 4096;
  const fn = () => {
    for (let j = 0; j < batch; j++) {
      const u = k++ & mask;
      const leg = upd.leg[u]!;
      const pair = upd.pair[u]!;
      ask[leg]![pair] = upd.price[u]!;
      size[leg]![pair] = upd.size[u]!;
      sink += engine.checkPair(pair, 0);
    }
  };
  let checksum = 0;
  for (let u = 0; u < UPDATES; u++) {
    ask[upd.leg[u]!]![upd.pair[u]!] = upd.price[u]!;
    size[upd.leg[u]!]![upd.pair[u]!] = upd.size[u]!;
    checksum = (checksum * 31 + engine.checkPair(upd.pair[u]!, 0)) >>> 0;
  }
  return { batch, fn, checksum };
}

function scan(spec: TaskSpec): BuiltTask {
  const batch = Math.max(1, Math.floor(200_000 / spec.pairs));
  if (spec.contender === "python-style") {
    const py = new PythonStyleDetector(generateBooks(spec.pairs));
    const pyBatch = Math.max(1, Math.floor(batch / 20));
    return {
      batch: pyBatch,
      fn: () => {
        for (let j = 0; j < pyBatch; j++) sink += py.scanAll().length;
      },
      checksum: py.scanAll().length,
    };
  }
  const engine = engineFor(spec.contender, spec.pairs);
  const fn = () => {
    for (let j = 0; j < batch; j++) sink += engine.scan(0);
  };
  const n = engine.scan(0);
  let checksum = n;
  for (let w = 0; w < n * 4; w++) checksum = (checksum * 31 + engine.records[w]!) >>> 0;
  return { batch, fn, checksum };
}

function dedup(spec: TaskSpec): BuiltTask {
  const batch = 4096;
  const n = spec.pairs;
  let i = 0;
  if (spec.contender === "js-set") {
    const inFlight = new Set<number>();
    const fn = () => {
      for (let j = 0; j < batch; j++) {
        const pair = i;
        i = i + 1 === n ? 0 : i + 1;
        if (!inFlight.has(pair)) inFlight.add(pair);
        inFlight.delete(pair);
      }
    };
    return { batch, fn, checksum: 0 };
  }
  const engine = engineFor(spec.contender, n);
  const fn = () => {
    for (let j = 0; j < batch; j++) {
      const pair = i;
      i = i + 1 === n ? 0 : i + 1;
      if (engine.tryAcquire(pair, 0)) engine.release(pair, 0);
    }
  };
  return { batch, fn, checksum: 0 };
}

/** A venue frame's whole hot path: text → parse → book → Wasm SIMD core → incremental check. */
async function frame(spec: TaskSpec): Promise<BuiltTask> {
  const { createKalshiFrameBench, createPolymarketFrameBench } = await import("@arb/venues");
  const options = { markets: spec.pairs };
  const pipeline = spec.contender === "kalshi-delta" ? createKalshiFrameBench(options) : createPolymarketFrameBench(options);
  const batch = 1024;
  const fn = () => {
    for (let j = 0; j < batch; j++) pipeline.step();
  };
  return { batch, fn, checksum: 0 };
}

/** One Polymarket order through a stage of its path (or a candidate signer); see order-path.ts. */
async function order(spec: TaskSpec): Promise<BuiltTask> {
  const { orderTask } = await import("./order-path.js");
  const { batch, fn: op } = orderTask(spec.contender as OrderContender);
  const fn = () => {
    for (let j = 0; j < batch; j++) sink += op();
  };
  return { batch, fn, checksum: 0 };
}

export async function buildTask(spec: TaskSpec): Promise<BuiltTask> {
  switch (spec.scenario) {
    case "incremental":
      return incremental(spec);
    case "scan":
      return scan(spec);
    case "dedup":
      return dedup(spec);
    case "frame":
      return frame(spec);
    case "order":
      return order(spec);
  }
}

/** Keeps the sink observable so no engine call is dead code to the JIT. */
export function drain(): number {
  return sink;
}
