import { type WriteStream, createWriteStream } from "node:fs";

/** One line of the JSONL event log. `ts` is a nanosecond timestamp as a string (bigint does not fit JSON). */
export type LogRecord = { readonly ts: string; readonly simMs: number; readonly kind: string } & Readonly<Record<string, unknown>>;

export interface EventLog {
  append(kind: string, simMs: number, fields: Readonly<Record<string, unknown>>): void;
  records(): readonly LogRecord[];
  close(): Promise<void>;
}

/**
 * `now` gives the record timestamp in ns: process.hrtime.bigint() live, or a value derived from the scenario
 * clock when a test drives time, so that the same seed writes the same log byte for byte.
 */
export function createEventLog(now: () => bigint, path?: string): EventLog {
  const records: LogRecord[] = [];
  const out: WriteStream | undefined = path === undefined ? undefined : createWriteStream(path, { flags: "a" });
  return {
    append(kind, simMs, fields) {
      const record: LogRecord = { ts: now().toString(), simMs, kind, ...fields };
      records.push(record);
      out?.write(`${JSON.stringify(record)}\n`);
    },
    records: () => records,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (out === undefined) return resolve();
        out.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
