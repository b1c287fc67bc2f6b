// The TS scalar twin: every function of assembly/ with the same names and the same integers.
import { type FeeSchedule, checkSchedule } from "@arb/domain";
import { NO_PAIR, NO_SCHEDULE } from "../codes.js";
import type { BookViews, DetectionEngine } from "../engine.js";
import * as book from "./book.js";
import * as detect from "./detect.js";
import { buildFeeTable } from "./fees.js";
import * as inflight from "./inflight.js";
import { type TwinStore, createStore } from "./layout.js";

export { buildFeeTable } from "./fees.js";
export * as twinFees from "./fees.js";

export class TwinCore implements DetectionEngine {
  readonly flavor = "ts-twin" as const;
  private readonly s: TwinStore = createStore();

  get pairCount(): number {
    return this.s.pairCount;
  }

  addSchedule(schedule: FeeSchedule): number {
    if (this.s.feeTables.length >= NO_SCHEDULE) throw new RangeError("fee schedule refused: all 65 535 ids are taken");
    this.s.feeTables.push(buildFeeTable(checkSchedule(schedule)));
    return this.s.feeTables.length - 1;
  }

  addPair(kalshiSchedule: number, polySchedule: number): number {
    const i = book.addPair(this.s, kalshiSchedule, polySchedule);
    if (i === NO_PAIR) throw new RangeError(`unknown fee schedule: kalshi ${kalshiSchedule}, polymarket ${polySchedule}`);
    return i;
  }

  setPairFees(pair: number, kalshiSchedule: number, polySchedule: number): void {
    if (book.setPairFees(this.s, pair, kalshiSchedule, polySchedule) === 0) {
      throw new RangeError(`setPairFees: unknown pair ${pair} or schedule ${kalshiSchedule}/${polySchedule}`);
    }
  }

  views(): BookViews {
    return { ask: this.s.ask, size: this.s.size, eff: this.s.eff };
  }

  setAsk(pair: number, leg: number, priceUnits: number, sizeHundredths: number): void {
    this.s.ask[leg]![pair] = priceUnits;
    this.s.size[leg]![pair] = sizeHundredths;
  }

  refreshPair(pair: number): void {
    book.refreshPair(this.s, pair);
  }

  refreshAll(): void {
    book.refreshAll(this.s);
  }

  setMinEdge(minEdgeUnits: number): void {
    detect.setMinEdge(this.s, minEdgeUnits);
  }

  checkPair(pair: number, nowMs: number): number {
    return detect.checkPair(this.s, pair, nowMs);
  }

  get result(): Uint32Array {
    return this.s.result;
  }

  scan(nowMs: number): number {
    return detect.scan(this.s, nowMs);
  }

  get records(): Uint32Array {
    return this.s.out;
  }

  tryAcquire(pair: number, nowMs: number): boolean {
    return inflight.tryAcquire(this.s, pair, nowMs) === 1;
  }

  release(pair: number, nowMs: number, cooldownMs = 0): void {
    inflight.release(this.s, pair, nowMs, cooldownMs);
  }

  isInFlight(pair: number): boolean {
    return inflight.isInFlight(this.s, pair) === 1;
  }

  feeUnits(schedule: number, priceUnits: number): number {
    return this.s.feeTables[schedule]?.[priceUnits] ?? 0;
  }
}
