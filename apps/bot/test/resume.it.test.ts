import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ledger } from "@arb/execution";
import { type Sim, parseScenario, startSim } from "@arb/venue-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const BALANCE = 1_000_000_000;
const dir = mkdtempSync(join(tmpdir(), "bot-resume-"));
const runDir = join(dir, "run");
let sim: Sim;
let env: Record<string, string>;
let accounts: { kalshi: string; kalshiKeyId: string; polymarket: string };
let tickers: string[];

/** The bot CLI attached to the test's simulator; a window opens on `ticker` once the bot had time to start. */
function run(args: string[], extra: Record<string, string>, ticker?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, "start", ...args], { cwd: dir, env: extra, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const window = setTimeout(() => {
      if (ticker !== undefined) sim.control.injectArb({ kind: "kalshi_yes_poly_no", ticker, edgeBps: 200, sizeHundredths: 1_000, durationMs: 4_000 });
    }, 3_500);
    const bound = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("exit", (status) => {
      clearTimeout(window);
      clearTimeout(bound);
      resolve({ status, stdout, stderr });
    });
  });
}

function ledgerVsVenue() {
  const ledger = new Ledger({ path: join(runDir, "ledger.sqlite") });
  try {
    const k = sim.control.account(accounts.kalshi);
    const p = sim.control.polymarketAccount(accounts.polymarket);
    return {
      arbs: ledger.arbs().map((a) => a.arbId),
      kalshi: [ledger.expectedBalanceMicros("kalshi"), k?.balanceMicros],
      polymarket: [ledger.expectedBalanceMicros("polymarket"), p?.balanceMicros],
    };
  } finally {
    ledger.close();
  }
}

beforeAll(async () => {
  sim = await startSim({ scenario: parseScenario({ name: "resume", seed: 5, games: { count: 3, leagues: ["NBA"] } }) });
  tickers = sim.control
    .markets()
    .games.flatMap((g) => g.kalshi.markets.filter((m) => m.polymarket?.polarity === "same" && !m.polymarket.trap).map((m) => m.ticker));
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const polyKey = `0x${randomBytes(32).toString("hex")}`;
  const k = sim.control.createKalshiAccount({ publicKeyPem: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(), balanceMicros: BALANCE });
  const w = sim.control.createPolymarketAccount({ privateKey: polyKey, balanceMicros: BALANCE });
  accounts = { kalshi: k.accountId, kalshiKeyId: k.keyId, polymarket: w.address };
  writeFileSync(join(dir, "kalshi.pem"), rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  writeFileSync(join(dir, "poly.key"), polyKey, { mode: 0o600 });
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key, v]) => !key.startsWith("ARB_") && v !== undefined)) as Record<string, string>;
  env = {
    ...clean,
    TMPDIR: dir,
    ARB_SIMULATOR_ADMIN_URL: sim.urls.admin,
    ARB_VENUES__KALSHI__REST_URL: sim.urls.kalshi.rest,
    ARB_VENUES__KALSHI__WS_URL: sim.urls.kalshi.ws,
    ARB_VENUES__POLYMARKET__URLS: JSON.stringify(sim.urls.polymarket),
  };
});

afterAll(async () => {
  await sim?.close();
});

describe("a bot restarted on its run folder resumes its ledger against the same simulator accounts", () => {
  it("keeps one ledger over two runs with the operator's accounts, equal to the venue; refuses it to throwaway accounts", async () => {
    const own = {
      ...env,
      ARB_KALSHI_KEY_ID: accounts.kalshiKeyId,
      ARB_KALSHI_PRIVATE_KEY_PATH: join(dir, "kalshi.pem"),
      ARB_POLYMARKET_PRIVATE_KEY_PATH: join(dir, "poly.key"),
    };
    const first = await run(["--run-dir", runDir, "--duration", "9", "--no-web"], own, tickers[0]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('"accounts":"own"');
    const after1 = ledgerVsVenue();
    expect(after1.arbs.length).toBeGreaterThanOrEqual(1);
    expect(after1.kalshi[0]).toBe(after1.kalshi[1]);
    expect(after1.polymarket[0]).toBe(after1.polymarket[1]);

    const second = await run(["--run-dir", runDir, "--duration", "9", "--no-web"], own, tickers[1]);
    expect(second.status, second.stderr).toBe(0);
    const after2 = ledgerVsVenue();
    expect(after2.arbs.slice(0, after1.arbs.length)).toEqual(after1.arbs);
    expect(after2.arbs.length).toBeGreaterThan(after1.arbs.length);
    expect(after2.kalshi[0]).toBe(after2.kalshi[1]);
    expect(after2.polymarket[0]).toBe(after2.polymarket[1]);

    const throwaway = await run(["--run-dir", runDir, "--duration", "2", "--no-web"], env);
    expect(throwaway.status).toBe(2);
    expect(throwaway.stderr).toContain("holds a ledger: resuming it needs the accounts it traded with");
  });
});
