// The simulator in its own process, driven over its admin HTTP API: what a measurement of the bot's latency needs,
// so the simulator's own work and garbage never land in the measured process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SimLike } from "@arb/execution";

interface SimUrls {
  readonly kalshi: { readonly rest: string; readonly ws: string };
  readonly admin: string;
}

export interface SimProcess {
  readonly sim: SimLike;
  close(): Promise<void>;
}

async function admin<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator admin ${method} ${path}: ${res.status} ${text}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

function readUrls(child: ChildProcess): Promise<SimUrls> {
  return new Promise((resolve, reject) => {
    let out = "";
    const fail = (why: string) => reject(new Error(`simulator process: ${why}`));
    child.once("exit", (code) => fail(`exited with ${code} before printing its URLs`));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      try {
        resolve(JSON.parse(out) as SimUrls);
      } catch {
        // The JSON is not complete yet.
      }
    });
  });
}

export async function startSimProcess(scenario: unknown): Promise<SimProcess> {
  const dir = mkdtempSync(join(tmpdir(), "arb-bench-sim-"));
  const file = join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(scenario));
  const cli = fileURLToPath(new URL("./cli.js", import.meta.resolve("@arb/venue-sim")));
  const child = spawn(process.execPath, [cli, "--scenario", file], { stdio: ["ignore", "pipe", "ignore"] });
  const urls = await readUrls(child);
  const base = urls.admin;
  const sim: SimLike = {
    urls,
    control: {
      createKalshiAccount: (input) => admin(base, "POST", "/kalshi/accounts", input),
      markets: () => admin(base, "GET", "/markets"),
      setKalshiBook: (ticker, book) => admin(base, "PUT", `/kalshi/books/${encodeURIComponent(ticker)}`, book),
    },
  };
  return {
    sim,
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
