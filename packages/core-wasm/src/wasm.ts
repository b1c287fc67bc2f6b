import "./webassembly.js";
import { readFileSync } from "node:fs";
import { type FeeSchedule, checkSchedule } from "@arb/domain";
import type { BookViews, DetectionEngine } from "./engine.js";
import { RECORD_WORDS } from "./records.js";
import { NO_PAIR, NO_SCHEDULE, modelCode, venueCode } from "./codes.js";

/** The Wasm module's exports, as assembly/index.ts declares them. */
interface CoreExports {
  memory: WebAssembly.Memory;
  layoutVersion: WebAssembly.Global;
  capacity: WebAssembly.Global;
  pairCount: WebAssembly.Global;
  askOff: WebAssembly.Global;
  effOff: WebAssembly.Global;
  sizeOff: WebAssembly.Global;
  outOff: WebAssembly.Global;
  resultOff: WebAssembly.Global;
  feeTabOff: WebAssembly.Global;
  reserve(pairs: number, schedules: number): void;
  addSchedule(venue: number, model: number, ratePpm: number, exponent: number): number;
  addPair(kalshiSchedule: number, polySchedule: number): number;
  setPairFees(pair: number, kalshiSchedule: number, polySchedule: number): number;
  refreshPair(pair: number): void;
  refreshAll(): void;
  setMinEdge(units: number): void;
  checkPair(pair: number, nowMs: number): number;
  scan(nowMs: number): number;
  tryAcquire(pair: number, nowMs: number): number;
  release(pair: number, nowMs: number, cooldownMs: number): void;
  isInFlight(pair: number): number;
  perContractFeeUnits(venue: number, model: number, ratePpm: number, exponent: number, priceUnits: number): number;
  kalshiTradeFeeMicros(countHundredths: bigint, priceUnits: number, ratePpm: number): bigint;
  kalshiOrderCostMicros(countHundredths: bigint, priceUnits: number, ratePpm: number, precisionMicros: number): bigint;
  polymarketOrderFeeMicros(sharesHundredths: bigint, priceUnits: number, ratePpm: number, exponent: number): bigint;
}

export type WasmFlavor = "simd" | "scalar";

/** Entries per fee table in Wasm memory (assembly/layout.ts TABLE_STRIDE). */
const TABLE_STRIDE = 10_008;

const modules = new Map<WasmFlavor, WebAssembly.Module>();

function compiled(flavor: WasmFlavor): WebAssembly.Module {
  let mod = modules.get(flavor);
  if (mod === undefined) {
    const url = new URL(`../build/core.${flavor}.wasm`, import.meta.url);
    let bytes: Buffer;
    try {
      bytes = readFileSync(url);
    } catch (err) {
      throw new Error(`detection core ${url.pathname} is missing: run 'pnpm build' first`, { cause: err });
    }
    mod = new WebAssembly.Module(bytes);
    modules.set(flavor, mod);
  }
  return mod;
}

/** The Wasm detection core (SIMD128 build by default; "scalar" is the same source compiled without v128). */
export class DetectionCore implements DetectionEngine {
  readonly flavor: "wasm-simd" | "wasm-scalar";
  /** Raw exports, for benchmarks that measure the bare call. */
  readonly exports: CoreExports;
  private bookViews!: BookViews;
  private resultView!: Uint32Array;
  private recordView!: Uint32Array;
  private feeView!: Uint16Array;
  private seenVersion = -1;

  constructor(flavor: WasmFlavor = "simd", options: { pairs?: number; schedules?: number } = {}) {
    this.flavor = flavor === "simd" ? "wasm-simd" : "wasm-scalar";
    const instance = new WebAssembly.Instance(compiled(flavor), {});
    this.exports = instance.exports as unknown as CoreExports;
    this.exports.reserve(options.pairs ?? 0, options.schedules ?? 0);
    this.remap();
  }

  get pairCount(): number {
    return this.exports.pairCount.value as number;
  }

  /** Re-creates the views after the store moved (growth); cheap no-op otherwise. */
  private remap(): void {
    const ex = this.exports;
    const version = ex.layoutVersion.value as number;
    if (version === this.seenVersion) return;
    const buf = ex.memory.buffer;
    const cap = ex.capacity.value as number;
    const u16 = (off: number, leg: number) => new Uint16Array(buf, off + leg * cap * 2, cap);
    const u32 = (off: number, leg: number) => new Uint32Array(buf, off + leg * cap * 4, cap);
    const ask = ex.askOff.value as number,
      eff = ex.effOff.value as number,
      size = ex.sizeOff.value as number;
    this.bookViews = {
      ask: [u16(ask, 0), u16(ask, 1), u16(ask, 2), u16(ask, 3)],
      size: [u32(size, 0), u32(size, 1), u32(size, 2), u32(size, 3)],
      eff: [u16(eff, 0), u16(eff, 1), u16(eff, 2), u16(eff, 3)],
    };
    this.resultView = new Uint32Array(buf, ex.resultOff.value as number, RECORD_WORDS);
    this.recordView = new Uint32Array(buf, ex.outOff.value as number, cap * 4 * RECORD_WORDS);
    this.feeView = new Uint16Array(buf, ex.feeTabOff.value as number);
    this.seenVersion = version;
  }

  addSchedule(schedule: FeeSchedule): number {
    const s = checkSchedule(schedule);
    const id = this.exports.addSchedule(venueCode(s.venue), modelCode(s.model), s.ratePpm, s.exponent);
    if (id === NO_SCHEDULE) throw new RangeError(`fee schedule refused by the core: ${JSON.stringify(s)}`);
    this.remap();
    return id;
  }

  addPair(kalshiSchedule: number, polySchedule: number): number {
    const i = this.exports.addPair(kalshiSchedule, polySchedule);
    if (i === NO_PAIR) throw new RangeError(`unknown fee schedule: kalshi ${kalshiSchedule}, polymarket ${polySchedule}`);
    this.remap();
    return i;
  }

  setPairFees(pair: number, kalshiSchedule: number, polySchedule: number): void {
    if (this.exports.setPairFees(pair, kalshiSchedule, polySchedule) === 0) {
      throw new RangeError(`setPairFees: unknown pair ${pair} or schedule ${kalshiSchedule}/${polySchedule}`);
    }
  }

  views(): BookViews {
    return this.bookViews;
  }

  setAsk(pair: number, leg: number, priceUnits: number, sizeHundredths: number): void {
    const v = this.bookViews;
    v.ask[leg]![pair] = priceUnits;
    v.size[leg]![pair] = sizeHundredths;
  }

  refreshPair(pair: number): void {
    this.exports.refreshPair(pair);
  }

  refreshAll(): void {
    this.exports.refreshAll();
  }

  setMinEdge(minEdgeUnits: number): void {
    this.exports.setMinEdge(minEdgeUnits);
  }

  checkPair(pair: number, nowMs: number): number {
    return this.exports.checkPair(pair, nowMs);
  }

  get result(): Uint32Array {
    return this.resultView;
  }

  scan(nowMs: number): number {
    return this.exports.scan(nowMs);
  }

  get records(): Uint32Array {
    return this.recordView;
  }

  tryAcquire(pair: number, nowMs: number): boolean {
    return this.exports.tryAcquire(pair, nowMs) === 1;
  }

  release(pair: number, nowMs: number, cooldownMs = 0): void {
    this.exports.release(pair, nowMs, cooldownMs);
  }

  isInFlight(pair: number): boolean {
    return this.exports.isInFlight(pair) === 1;
  }

  feeUnits(schedule: number, priceUnits: number): number {
    return this.feeView[schedule * TABLE_STRIDE + priceUnits] ?? 0;
  }

  /** Exact Kalshi trade fee of one fill, micros (Wasm's 128-bit integer path). */
  kalshiTradeFeeMicros(countHundredths: number, priceUnits: number, ratePpm: number): number {
    return Number(this.exports.kalshiTradeFeeMicros(BigInt(countHundredths), priceUnits, ratePpm));
  }

  kalshiOrderCostMicros(countHundredths: number, priceUnits: number, ratePpm: number, precisionMicros: number): number {
    return Number(this.exports.kalshiOrderCostMicros(BigInt(countHundredths), priceUnits, ratePpm, precisionMicros));
  }

  polymarketOrderFeeMicros(sharesHundredths: number, priceUnits: number, ratePpm: number, exponent: number): number {
    return Number(this.exports.polymarketOrderFeeMicros(BigInt(sharesHundredths), priceUnits, ratePpm, exponent));
  }
}
