import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ; 100 on every Linux this runs on). */
const CLK_TCK = 100;

export interface ProcSample {
  readonly ns: bigint;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
  readonly rssKb: number;
  /** VmHWM: the peak RSS so far. */
  readonly peakKb: number;
}

/** Pure: utime + stime from a /proc/<pid>/stat line (fields 14 and 15, counted after the parenthesised name). */
export function parseStat(text: string): number | undefined {
  const close = text.lastIndexOf(")");
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** Pure: a `Name:   123 kB` field of /proc/<pid>/status, in kB. */
export function parseStatusKb(text: string, field: "VmRSS" | "VmHWM"): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(text);
  return m === null ? undefined : Number(m[1]);
}

export function sampleProc(pid: number): ProcSample | undefined {
  try {
    const cpuTicks = parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = parseStatusKb(status, "VmRSS");
    const peakKb = parseStatusKb(status, "VmHWM");
    if (cpuTicks === undefined || rssKb === undefined) return undefined;
    return { ns: process.hrtime.bigint(), cpuTicks, rssKb, peakKb: peakKb ?? rssKb };
  } catch {
    return undefined; // exited
  }
}

export interface Sampler {
  readonly samples: ReadonlyMap<string, ProcSample[]>;
  stop(): void;
}

/** Samples each named pid every `everyMs` (CPU/RSS over time for the report). */
export function startSampler(pids: ReadonlyMap<string, number>, everyMs: number): Sampler {
  const samples = new Map<string, ProcSample[]>([...pids.keys()].map((k) => [k, []]));
  const tick = () => {
    for (const [name, pid] of pids) {
      const s = sampleProc(pid);
      if (s !== undefined) samples.get(name)?.push(s);
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      tick();
    },
  };
}

/** Pure: CPU used between two samples as a percentage of one core. */
export function cpuPercent(a: ProcSample, b: ProcSample): number {
  const seconds = Number(b.ns - a.ns) / 1e9;
  return seconds <= 0 ? 0 : ((b.cpuTicks - a.cpuTicks) / CLK_TCK / seconds) * 100;
}
