import { type WriteStream, createWriteStream } from "node:fs";

/** One line of the JSONL event log. `ts` is a nanosecond timestamp as a string (bigint does not fit JSON): the
 *  monotonic clock (process.hrtime) live, so other processes on the machine can compare their own stamps with it.
 *  `client` is the endpoint label of the client the record concerns, or "sim". */
export type LogRecord = { readonly ts: string; readonly simMs: number; readonly kind: string; readonly client: string } & Readonly<Record<string, unknown>>;

export interface EventLog {
  /** `ts`: a stamp taken earlier with `stamp()` (a frame's send time, logged once the frame is on its socket). */
  append(kind: string, simMs: number, fields: Readonly<Record<string, unknown>>, ts?: bigint): void;
  stamp(): bigint;
  records(): readonly LogRecord[];
  close(): Promise<void>;
}

/** Records kept in memory by default: minutes of a busy run, a bounded few hundred MB at most. */
const DEFAULT_MEMORY_RECORDS = 200_000;

/**
 * `now` gives the record timestamp in ns: process.hrtime.bigint() live, or a value derived from the scenario
 * clock when a test drives time, so that the same seed writes the same log byte for byte.
 * The file (when given) gets every record; memory keeps the newest `keep`, since an embedded simulator runs as long
 * as the bot does and every frame it sends is a record.
 */
export function createEventLog(now: () => bigint, path?: string, keep = DEFAULT_MEMORY_RECORDS): EventLog {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`event log memory must be a positive integer, got ${keep}`);
  const ring: LogRecord[] = [];
  let oldest = 0;
  const out: WriteStream | undefined = path === undefined ? undefined : createWriteStream(path, { flags: "a" });
  return {
    stamp: now,
    append(kind, simMs, fields, ts) {
      // Every record names a client: the one whose connection, request or account it concerns, else the simulator.
      const record: LogRecord = { ts: (ts ?? now()).toString(), simMs, kind, client: "sim", ...fields };
      if (ring.length < keep) {
        ring.push(record);
      } else {
        ring[oldest] = record;
        oldest = (oldest + 1) % keep;
      }
      out?.write(`${JSON.stringify(record)}\n`);
    },
    records: () => (oldest === 0 ? ring : [...ring.slice(oldest), ...ring.slice(0, oldest)]),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (out === undefined) return resolve();
        out.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
