import { type ChildProcess, spawn } from "node:child_process";

/** A stdout line stamped on arrival, on the monotonic clock the simulator's event log uses (CLOCK_MONOTONIC). */
export interface StampedLine {
  readonly ns: bigint;
  readonly text: string;
}

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** When it was spawned (monotonic ns): the start of its cold start. */
  readonly spawnedNs: bigint;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly lines: StampedLine[];
  stderr(): string;
}

export interface StartOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Killed (by pid) after this long whatever happens: no child outlives its run. */
  readonly maxMs: number;
  readonly onLine?: (line: StampedLine) => void;
}

/** Lines kept per child: hours of a chatty peer's stdout stay within a bounded few hundred MB. */
const MAX_LINES = 500_000;
const MAX_STDERR_CHUNKS = 400;

/**
 * Spawns a child whose stdout is read line by line, each line stamped with process.hrtime when its chunk arrives (a
 * peer with no timestamps of its own, run unbuffered, is timed here). stdin is closed; stderr is kept, bounded.
 */
export function startProc(name: string, command: string, args: readonly string[], o: StartOptions): Proc {
  const spawnedNs = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const lines: StampedLine[] = [];
  const errs: string[] = [];
  let buf = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    const ns = process.hrtime.bigint();
    buf += chunk;
    let i = buf.indexOf("\n");
    while (i >= 0) {
      const line = { ns, text: buf.slice(0, i) };
      buf = buf.slice(i + 1);
      if (lines.length < MAX_LINES) lines.push(line);
      o.onLine?.(line);
      i = buf.indexOf("\n");
    }
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (c: string) => {
    errs.push(c);
    if (errs.length > MAX_STDERR_CHUNKS) errs.splice(0, errs.length - MAX_STDERR_CHUNKS);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const bound = setTimeout(() => child.kill("SIGKILL"), o.maxMs);
  bound.unref();
  void exited.then(() => clearTimeout(bound));
  return { name, child, pid: child.pid, spawnedNs, exited, lines, stderr: () => errs.join("") };
}

/** SIGTERM to the child's pid, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopProc(p: Proc | undefined, graceMs = 10_000): Promise<void> {
  if (p === undefined || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([p.exited, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), graceMs)))]);
  clearTimeout(timer);
  if (done === undefined) {
    p.child.kill("SIGKILL");
    await p.exited;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 100 ms until it answers, the child exits (its stderr in the error), or the time is up. */
export async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs: number, proc?: Proc): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (proc !== undefined && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.stderr().slice(-3000)}`);
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
