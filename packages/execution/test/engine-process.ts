import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** An engine running as its own process (a fixture script), its stdout read as one JSON object per line. */
export interface EngineProcess {
  readonly proc: ChildProcess;
  readonly lines: Array<Record<string, unknown>>;
}

export function spawnEngine(script: string, args: Record<string, unknown>): EngineProcess {
  const path = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  const proc = spawn(process.execPath, [path, JSON.stringify(args)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buf = "";
  proc.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
    }
  });
  return { proc, lines };
}

/** The execution events of one kind the process printed. */
export const eventsOf = (c: EngineProcess, kind: string) =>
  c.lines.filter((l) => (l["event"] as { kind?: string } | undefined)?.kind === kind).map((l) => l["event"] as Record<string, unknown>);

export const exited = (c: EngineProcess) =>
  new Promise<void>((r) => (c.proc.exitCode !== null || c.proc.signalCode !== null ? r() : c.proc.once("exit", () => r())));

/** Ends whatever is still running (a failed test leaves processes behind otherwise). */
export async function stopAll(children: readonly EngineProcess[]): Promise<void> {
  for (const c of children) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) {
      c.proc.kill("SIGTERM");
      await exited(c);
    }
  }
}
