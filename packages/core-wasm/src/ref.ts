// The native Rust reference of the detection core (ref/ref.rs): building it, encoding a case, running its modes.
// It is optional: without rustc, refStatus() says why and everything that needs it skips.
//
// Case (encodeCase's output, read by `core-ref`), little-endian, packed; ref/ref.rs documents every field:
//   "ARBCASE1", u32 S N F C U D Q (counts), u32 minEdge, f64 nowMs
//   S × {u8 venue, u8 model, u8 exponent, u8 0, u32 ratePpm}
//   N × u16 Kalshi schedule id, N × u16 Polymarket schedule id, 4 legs × N × u16 ask, 4 legs × N × u32 size
//   F × u32 in-flight pair, C × {u32 pair, f64 untilMs}, U × {u32 pair, u8 leg, u8 0, u16 ask, u32 size}
//   D × {u8 op (0 tryAcquire, 1 release, 2 isInFlight), 3 × u8 0, u32 pair, f64 nowMs, f64 cooldownMs}
//   Q × {u8 kind (0 Kalshi trade fee, 1 Kalshi order cost, 2 Polymarket fee), u8 exponent, u16 0, u32 price,
//        u32 ratePpm, u32 precisionMicros, u64 sizeHundredths}
// `check [--kernel K]` output (K: the full scan's kernel, scalar by default): u32 S N R D U R2 Q, then
// S × 10 002 u16 fee tables (10 001 prices + pad), N × 5 u32 checkPair results, R × 4 u32 scan records,
// D × u32 dedup answers, U × 5 u32 update results, R2 × 4 u32 records of the scan after the updates, Q × u64 fees
// in micros.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FeeSchedule, checkSchedule } from "@arb/domain";
import { modelCode, venueCode } from "./codes.js";

export type RefStatus = { readonly available: true; readonly binary: string } | { readonly available: false; readonly reason: string };

type Legs<T> = readonly [T, T, T, T];

/** One dedup call, replayed in order; tryAcquire and isInFlight report 1 or 0, release 0. */
export type DedupOp =
  | { readonly op: "tryAcquire"; readonly pair: number; readonly nowMs: number }
  | { readonly op: "release"; readonly pair: number; readonly nowMs: number; readonly cooldownMs: number }
  | { readonly op: "isInFlight"; readonly pair: number };

/** One exact per-order fee, as @arb/domain computes it; answered in micros. */
export type FeeQuery =
  | {
      readonly kind: "kalshiTradeFee";
      readonly sizeHundredths: number;
      readonly priceUnits: number;
      readonly ratePpm: number;
    }
  | {
      readonly kind: "kalshiOrderCost";
      readonly sizeHundredths: number;
      readonly priceUnits: number;
      readonly ratePpm: number;
      readonly precisionMicros: number;
    }
  | {
      readonly kind: "polymarketFee";
      readonly sizeHundredths: number;
      readonly priceUnits: number;
      readonly ratePpm: number;
      readonly exponent: number;
    };

/** Single-leg book updates, one per index; each is written to the store and followed by checkPair. */
export interface RefUpdates {
  readonly pair: ArrayLike<number>;
  readonly leg: ArrayLike<number>;
  readonly price: ArrayLike<number>;
  readonly size: ArrayLike<number>;
}

/** Everything the reference computes from: a book store, its dedup state and the questions to answer. */
export interface RefCase {
  readonly schedules: readonly FeeSchedule[];
  /** Per pair: the ids (indexes into `schedules`) of its Kalshi and Polymarket fee schedules. */
  readonly kalshiSchedule: ArrayLike<number>;
  readonly polySchedule: ArrayLike<number>;
  /** Per leg (LEG_KALSHI_YES .. LEG_POLY_NO), per pair: raw best ask in price units and its size in hundredths. */
  readonly ask: Legs<ArrayLike<number>>;
  readonly size: Legs<ArrayLike<number>>;
  readonly inFlight?: ArrayLike<number>;
  /** Pairs released with a cooldown: blocked while nowMs < untilMs. */
  readonly cooling?: readonly { readonly pair: number; readonly untilMs: number }[];
  readonly minEdgeUnits: number;
  readonly nowMs: number;
  readonly dedupOps?: readonly DedupOp[];
  readonly updates?: RefUpdates;
  readonly feeQueries?: readonly FeeQuery[];
}

/** What `check` answers, in the order it runs. Check rows are 5 words: type code, then the record (zeros for 0). */
export interface RefCheckResult {
  /** Per schedule, the per-contract fee at every price 0..10 000. */
  readonly feeTables: readonly Uint16Array[];
  /** checkPair(i, nowMs) of every pair in order, on the case's book. */
  readonly checks: Uint32Array;
  /** The full scan's records, 4 words each: pair, size, edge | type << 16, bps. */
  readonly records: Uint32Array;
  readonly dedup: Uint32Array;
  /** checkPair after each update, applied in order after the dedup ops. */
  readonly updates: Uint32Array;
  /** The full scan again, after the dedup ops and the updates. */
  readonly finalRecords: Uint32Array;
  readonly feeMicros: readonly number[];
}

/**
 * The reference's full-scan kernels, all giving the same records: plain scalar Rust, and explicit SSE4.1 and AVX2
 * intrinsics (std::arch, each compiled under #[target_feature] and run only where the CPU has the feature).
 */
export type RefKernel = "scalar" | "sse4.1" | "avx2";
export const REF_KERNELS: readonly RefKernel[] = ["scalar", "sse4.1", "avx2"];

/** How `buildRef` compiles ref/ref.rs: no target-cpu, so the binary runs on any x86-64 (SSE2 baseline). */
export const REF_RUSTC_FLAGS: readonly string[] = ["--edition", "2021", "-C", "opt-level=3", "-C", "codegen-units=1"];

/** Medians measured inside the native process (see ref/ref.rs), in ns per operation. */
export interface RefBenchResult {
  readonly pairs: number;
  /** One full scan of every pair, per kernel; undefined for a kernel this CPU cannot run. */
  readonly scanNs: Readonly<Record<RefKernel, number | undefined>>;
  /** Write one leg's ask and size, checkPair that pair, read the result. */
  readonly checkNs: number;
  /** One tryAcquire plus one release. */
  readonly dedupNs: number;
}

const EXE = process.platform === "win32" ? ".exe" : "";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = join(ROOT, "ref", "ref.rs");
const BINARY = join(ROOT, "build", `core-ref${EXE}`);
const PRICES = 10_001;
/** `check` output for 100 000s of pairs is megabytes; execFileSync's default cap is 1 MiB. */
const MAX_OUTPUT_BYTES = 1 << 30;

/** rustc on PATH, else rustup's default install; only one that actually runs (a bare rustup shim does not). */
export function findRustc(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  dirs.push(join(process.env.HOME ?? homedir(), ".cargo", "bin"));
  for (const dir of dirs) {
    const rustc = join(dir, `rustc${EXE}`);
    if (existsSync(rustc) && spawnSync(rustc, ["--version"], { stdio: "ignore" }).status === 0) return rustc;
  }
  return undefined;
}

/**
 * Compiles ref/ref.rs into build/core-ref unless the binary is already at least as new as the source.
 * Unavailable when no working rustc is installed; throws when rustc fails, since that is a bug in ref.rs.
 */
export function buildRef(): RefStatus {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) {
    return { available: true, binary: BINARY };
  }
  const rustc = findRustc();
  if (rustc === undefined) return { available: false, reason: "rustc not found" };
  mkdirSync(dirname(BINARY), { recursive: true });
  // Compile beside the target, then rename: a concurrent run never sees a half-written binary.
  const partial = `${BINARY}.${process.pid}.partial`;
  try {
    execFileSync(rustc, [...REF_RUSTC_FLAGS, "-o", partial, SOURCE], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    renameSync(partial, BINARY);
  } finally {
    rmSync(partial, { force: true });
  }
  return { available: true, binary: BINARY };
}

let status: RefStatus | undefined;

/** Whether the Rust reference can run here, building it first if needed; decided once per process. */
export function refStatus(): RefStatus {
  status ??= buildRef();
  return status;
}

/** The version the reference is compiled with ("1.95.0"), or undefined without rustc. */
export function rustcVersion(): string | undefined {
  const rustc = findRustc();
  if (rustc === undefined) return undefined;
  return execFileSync(rustc, ["--version"], { encoding: "utf8" }).trim().split(" ")[1];
}

function binary(): string {
  const s = refStatus();
  if (!s.available) throw new Error(`the Rust reference is unavailable: ${s.reason}`);
  return s.binary;
}

/** Sequential little-endian writer that refuses values its field cannot hold instead of wrapping them. */
class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  private static uint(value: number, max: number, what: string): number {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new RangeError(`encodeCase: ${what} must be an integer in 0..${max}, got ${value}`);
    }
    return value;
  }

  u8(value: number, what: string): void {
    this.view.setUint8(this.at, Writer.uint(value, 0xff, what));
    this.at += 1;
  }

  u16(value: number, what: string): void {
    this.view.setUint16(this.at, Writer.uint(value, 0xffff, what), true);
    this.at += 2;
  }

  u32(value: number, what: string): void {
    this.view.setUint32(this.at, Writer.uint(value, 0xffff_ffff, what), true);
    this.at += 4;
  }

  u64(value: number, what: string): void {
    this.view.setBigUint64(this.at, BigInt(Writer.uint(value, Number.MAX_SAFE_INTEGER, what)), true);
    this.at += 8;
  }

  ascii(text: string): void {
    for (let k = 0; k < text.length; k++) this.view.setUint8(this.at + k, text.charCodeAt(k));
    this.at += text.length;
  }

  f64(value: number): void {
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
  }

  zeros(count: number): void {
    this.at += count;
  }
}

const DEDUP_CODES = { tryAcquire: 0, release: 1, isInFlight: 2 } as const;
const FEE_CODES = { kalshiTradeFee: 0, kalshiOrderCost: 1, polymarketFee: 2 } as const;

/** Serializes a case for `core-ref`. Field widths are checked here; cross-references (ids, pairs) by the binary. */
export function encodeCase(c: RefCase): Uint8Array {
  const n = c.kalshiSchedule.length;
  const perPair = [c.polySchedule, ...c.ask, ...c.size];
  if (perPair.some((a) => a.length !== n)) {
    throw new RangeError("encodeCase: every per-pair array needs one entry per pair");
  }
  const inFlight = c.inFlight ?? [];
  const cooling = c.cooling ?? [];
  const ops = c.dedupOps ?? [];
  const queries = c.feeQueries ?? [];
  const updates = c.updates ?? { pair: [], leg: [], price: [], size: [] };
  const u = updates.pair.length;
  if (updates.leg.length !== u || updates.price.length !== u || updates.size.length !== u) {
    throw new RangeError("encodeCase: the update arrays differ in length");
  }

  const fixed = 48 + 8 * c.schedules.length + 28 * n + 4 * inFlight.length;
  const w = new Writer(fixed + 12 * (cooling.length + u) + 24 * (ops.length + queries.length));
  w.ascii("ARBCASE1");
  const counts = [c.schedules.length, n, inFlight.length, cooling.length, u, ops.length, queries.length];
  for (const count of counts) w.u32(count, "count");
  w.u32(c.minEdgeUnits, "minEdgeUnits");
  w.f64(c.nowMs);
  for (const schedule of c.schedules) {
    const s = checkSchedule(schedule);
    w.u8(venueCode(s.venue), "venue");
    w.u8(modelCode(s.model), "model");
    w.u8(s.exponent, "exponent");
    w.zeros(1);
    w.u32(s.ratePpm, "ratePpm");
  }
  for (let i = 0; i < n; i++) w.u16(c.kalshiSchedule[i] ?? Number.NaN, "Kalshi schedule id");
  for (let i = 0; i < n; i++) w.u16(c.polySchedule[i] ?? Number.NaN, "Polymarket schedule id");
  for (const leg of c.ask) for (let i = 0; i < n; i++) w.u16(leg[i] ?? Number.NaN, "ask");
  for (const leg of c.size) for (let i = 0; i < n; i++) w.u32(leg[i] ?? Number.NaN, "size");
  for (let k = 0; k < inFlight.length; k++) w.u32(inFlight[k] ?? Number.NaN, "in-flight pair");
  for (const { pair, untilMs } of cooling) {
    w.u32(pair, "cooling pair");
    w.f64(untilMs);
  }
  for (let k = 0; k < u; k++) {
    w.u32(updates.pair[k] ?? Number.NaN, "update pair");
    w.u8(updates.leg[k] ?? Number.NaN, "update leg");
    w.zeros(1);
    w.u16(updates.price[k] ?? Number.NaN, "update price");
    w.u32(updates.size[k] ?? Number.NaN, "update size");
  }
  for (const op of ops) {
    w.u8(DEDUP_CODES[op.op], "dedup op");
    w.zeros(3);
    w.u32(op.pair, "dedup pair");
    w.f64(op.op === "isInFlight" ? 0 : op.nowMs);
    w.f64(op.op === "release" ? op.cooldownMs : 0);
  }
  for (const q of queries) {
    w.u8(FEE_CODES[q.kind], "fee query kind");
    w.u8(q.kind === "polymarketFee" ? q.exponent : 0, "exponent");
    w.zeros(2);
    w.u32(q.priceUnits, "price");
    w.u32(q.ratePpm, "ratePpm");
    w.u32(q.kind === "kalshiOrderCost" ? q.precisionMicros : 0, "precisionMicros");
    w.u64(q.sizeHundredths, "size");
  }
  return w.bytes;
}

function decodeCheck(out: Uint8Array): RefCheckResult {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  const u32 = (): number => {
    const v = view.getUint32(at, true);
    at += 4;
    return v;
  };
  const words = (count: number): Uint32Array => Uint32Array.from({ length: count }, u32);
  const schedules = u32(),
    pairs = u32(),
    scanned = u32(),
    dedupOps = u32();
  const updates = u32(),
    rescanned = u32(),
    queries = u32();
  const feeTables = Array.from({ length: schedules }, () => {
    const table = Uint16Array.from({ length: PRICES }, (_, p) => view.getUint16(at + 2 * p, true));
    at += 2 * (PRICES + 1);
    return table;
  });
  const result: RefCheckResult = {
    feeTables,
    checks: words(5 * pairs),
    records: words(4 * scanned),
    dedup: words(dedupOps),
    updates: words(5 * updates),
    finalRecords: words(4 * rescanned),
    feeMicros: Array.from({ length: queries }, (_, k) => Number(view.getBigUint64(at + 8 * k, true))),
  };
  if (at + 8 * queries !== out.byteLength) {
    throw new Error(`core-ref check: ${out.byteLength} bytes of output do not match its header`);
  }
  return result;
}

let kernels: Readonly<Record<RefKernel, boolean>> | undefined;

/** Which full-scan kernels this CPU runs (asked of the binary once); throws when the reference is unavailable. */
export function refKernels(): Readonly<Record<RefKernel, boolean>> {
  kernels ??= JSON.parse(execFileSync(binary(), ["kernels"], { encoding: "utf8", stdio: "pipe" })) as Record<RefKernel, boolean>;
  return kernels;
}

/**
 * Runs `core-ref check` on a case (or its encoding), its scans with `kernel`; throws when the reference is
 * unavailable, the CPU cannot run the kernel, or the reference refuses the case.
 */
export function runRefCheck(c: RefCase | Uint8Array, kernel: RefKernel = "scalar"): RefCheckResult {
  const input = c instanceof Uint8Array ? c : encodeCase(c);
  // Piped stderr ends up in the thrown error, so a refused case says why.
  const args = ["check", "--kernel", kernel, "-"];
  return decodeCheck(execFileSync(binary(), args, { input, maxBuffer: MAX_OUTPUT_BYTES, stdio: "pipe" }));
}

/** Runs `core-ref bench` with `iters` timed rounds per measurement (plus iters / 10 + 1 warm-up rounds). */
export function runRefBench(c: RefCase | Uint8Array, iters: number): RefBenchResult {
  if (!Number.isInteger(iters) || iters < 1) {
    throw new RangeError(`runRefBench: iters must be a positive integer, got ${iters}`);
  }
  const input = c instanceof Uint8Array ? c : encodeCase(c);
  const out = execFileSync(binary(), ["bench", "-", String(iters)], { input, encoding: "utf8", stdio: "pipe" });
  const line = JSON.parse(out) as Record<string, unknown>;
  const number = (v: unknown, key: string): number => {
    if (typeof v !== "number") throw new Error(`core-ref bench: no number "${key}" in ${out.trim()}`);
    return v;
  };
  const field = (key: string) => number(line[key], key);
  const scans = (line["scan_ns"] ?? {}) as Record<string, unknown>;
  // null: the CPU lacks the kernel's feature; a missing kernel is a binary older than this file, an error.
  const scanNs = Object.fromEntries(REF_KERNELS.map((k) => [k, scans[k] === null ? undefined : number(scans[k], `scan_ns.${k}`)]));
  return { pairs: field("pairs"), scanNs: scanNs as Record<RefKernel, number | undefined>, checkNs: field("check_ns"), dedupNs: field("dedup_ns") };
}
