import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { EndpointSpec, EndpointUrls, LogRecord, MarketsView, Valuation } from "@arb/venue-sim";
import { type Proc, startProc, waitUntil } from "./procs.js";
import { REPO_ROOT } from "./paths.js";

const SIM_CLI = join(REPO_ROOT, "packages/venue-sim/dist/cli.js");

export type SimUrls = EndpointUrls & { admin: string; endpoints: Record<string, EndpointUrls> };

export interface SimProc {
  readonly proc: Proc;
  readonly urls: SimUrls;
  readonly admin: Admin;
  readonly log: LogTail;
}

/** The simulator CLI in its own process on a scenario, one endpoint per contender; resolves once it prints its URLs. */
export async function startSimProc(scenarioPath: string, logPath: string, endpoints: readonly EndpointSpec[], dir: string, maxMs: number): Promise<SimProc> {
  let out = "";
  const args = [
    SIM_CLI,
    "--scenario",
    scenarioPath,
    "--event-log",
    logPath,
    ...endpoints.flatMap((e) => ["--endpoint", `${e.label}:${e.kalshi ?? "current"}:${e.polymarket ?? "current"}`]),
  ];
  const proc = startProc("simulator", process.execPath, args, { cwd: dir, env: { ...process.env }, maxMs, onLine: (l) => (out += `${l.text}\n`) });
  const urls = await waitUntil(
    "the simulator's URLs",
    () => {
      try {
        return JSON.parse(out) as SimUrls;
      } catch {
        return undefined;
      }
    },
    60_000,
    proc,
  );
  return { proc, urls, admin: createAdmin(urls.admin), log: createLogTail(logPath) };
}

export interface Admin {
  markets(): Promise<MarketsView>;
  injectArb(body: { kind: string; ticker: string; edgeBps: number; sizeHundredths: number; durationMs: number }): Promise<unknown>;
  fault(venue: "kalshi" | "polymarket", body: { mode: string; count: number; delayMs: number }): Promise<void>;
  createKalshiAccount(publicKeyPem: string, balanceMicros: number): Promise<{ keyId: string; accountId: string }>;
  createPolymarketAccount(body: { address: string; balanceMicros: number; signatureType: 0 | 1 | 2; funder?: string }): Promise<void>;
  valuation(client: string, startBalanceMicros: number): Promise<Valuation & { kalshiAccounts: string[]; polymarketAddresses: string[] }>;
}

function createAdmin(base: string): Admin {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const r = await fetch(new URL(path, base), { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    if (!r.ok) throw new Error(`simulator admin ${method} ${path}: ${r.status} ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  };
  return {
    markets: async () => (await call("GET", "/markets")) as MarketsView,
    injectArb: (body) => call("POST", "/arbs", body),
    fault: async (venue, body) => void (await call("POST", `/venues/${venue}/faults`, body)),
    createKalshiAccount: async (publicKeyPem, balanceMicros) =>
      (await call("POST", "/kalshi/accounts", { publicKeyPem, balanceMicros })) as { keyId: string; accountId: string },
    createPolymarketAccount: async (body) => void (await call("POST", "/polymarket/accounts", body)),
    valuation: async (client, startBalanceMicros) =>
      (await call("POST", "/valuation", { client, startBalanceMicros })) as Valuation & { kalshiAccounts: string[]; polymarketAddresses: string[] },
  };
}

/** A record of the simulator's event log; the frame text is dropped on reading (a run's frames would fill memory). */
export type SimRecord = LogRecord;

export interface LogTail {
  /** Reads what the simulator has appended since the last call. */
  poll(): void;
  readonly records: SimRecord[];
}

/** Follows the JSONL event log the simulator writes, record by record (a partial last line waits for the next poll). */
function createLogTail(path: string): LogTail {
  const records: SimRecord[] = [];
  let offset = 0;
  let rest = "";
  return {
    records,
    poll() {
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        return;
      }
      if (size <= offset) return;
      const fd = openSync(path, "r");
      try {
        const buf = Buffer.alloc(size - offset);
        const n = readSync(fd, buf, 0, buf.length, offset);
        offset += n;
        const text = rest + buf.subarray(0, n).toString("utf8");
        const lines = text.split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) {
          if (line === "") continue;
          const { frame: _frame, ...r } = JSON.parse(line) as LogRecord;
          records.push(r);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}
