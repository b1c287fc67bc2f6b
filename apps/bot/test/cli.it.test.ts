import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ledger } from "@arb/execution";
import { startSim } from "@arb/venue-sim";
import { describe, expect, it } from "vitest";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "bot-cli-"));
const clean = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...clean(), ...env }, timeout: 20_000 });
const SCENARIOS = join(dirname(fileURLToPath(import.meta.resolve("@arb/venue-sim"))), "..", "scenarios");

/** A long run of the CLI, asynchronously (the test's own simulator keeps serving meanwhile); `watch` sees the
 *  standard output so far as it grows. */
function runAsync(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  watch?: (stdout: string) => void,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...clean(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      watch?.(stdout);
    });
    p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The keys of a JSON object's top level as written, repeats included (JSON.parse keeps only the last). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(line.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = c === "{" && depth === 1;
    } else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return keys;
}

/** One line on stderr, no stack trace. */
const oneLine = (stderr: string) => {
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).not.toContain("    at ");
};

describe("bot CLI", () => {
  it("has --help for every command", () => {
    const top = run(["--help"]);
    expect(top.status).toBe(0);
    for (const c of ["start", "discover", "positions", "alerts", "export", "reset-breaker", "replay"]) {
      expect(top.stdout).toContain(c);
      const h = run([c, "--help"]);
      expect(h.status, c).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: bot ${c}`));
    }
    expect(run(["start", "--help"]).stdout).toMatch(/--paper[\s\S]*--live[\s\S]*--confirm-live[\s\S]*--dry-run[\s\S]*--duration/);
  });

  it("fails a bad config with the field's path and what was expected (exit 2)", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "trading:\n  minEdgeUnits: -5\ndashboard:\n  web:\n    host: 7\n");
    const r = run(["--config", file, "start"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/trading\.minEdgeUnits: .*>=0/);
    expect(r.stderr).toMatch(/dashboard\.web\.host: .*expected string/);
  });

  it("names a config file it cannot read instead of printing a stack trace, and a missing ledger likewise", () => {
    const r = run(["--config", join(dir, "absent.yaml"), "positions"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("absent.yaml: cannot read the config file (ENOENT)");
    expect(r.stderr).not.toContain("    at ");
    const cfg = join(dir, "paper.yaml");
    writeFileSync(cfg, `mode: paper\nledgerPath: ${join(dir, "none.sqlite")}\n`);
    const a = run(["--config", cfg, "alerts"]);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain(`no ledger at ${join(dir, "none.sqlite")}`);
  });

  it("export: CSV of a run folder's ledger to stdout; no --csv, an unknown --what, --run-dir outside simulator mode refused (exit 2)", () => {
    const runDir = join(dir, "export-run");
    mkdirSync(runDir);
    const missing = run(["export", "--csv", "--run-dir", runDir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`no ledger at ${join(runDir, "ledger.sqlite")}`);
    new Ledger({ path: join(runDir, "ledger.sqlite") }).close();
    const r = run(["export", "--csv", "--run-dir", runDir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\r\n").map((l) => l.split(",")[0])).toEqual(["time", "", "arb_id", ""]);
    for (const [args, problem] of [
      [["export", "--run-dir", runDir], "export writes CSV only: add --csv"],
      [["export", "--csv", "--what", "orders", "--run-dir", runDir], "--what orders: fills, arbs or both"],
    ] as const) {
      const bad = run([...args]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe(`${problem}\n`);
    }
    const cfg = join(dir, "paper-export.yaml");
    writeFileSync(cfg, `mode: paper\nledgerPath: ${join(dir, "none.sqlite")}\n`);
    const paper = run(["--config", cfg, "export", "--csv", "--run-dir", runDir]);
    expect(paper.status).toBe(2);
    expect(paper.stderr).toContain("--run-dir is for simulator runs; paper keeps its ledger where ledgerPath says");
  });

  it("refuses a secret written into the config file", () => {
    const file = join(dir, "secret.json");
    writeFileSync(file, JSON.stringify({ venues: { kalshi: { privateKeyPem: "-----BEGIN" } } }));
    const r = run(["--config", file, "start"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("venues.kalshi.privateKeyPem: secrets are read from the environment or key files");
    expect(r.stderr).not.toContain("BEGIN");
  });

  it("refuses --live without credentials, and with credentials but no confirmation", () => {
    const none = run(["start", "--live"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--live refused: credentials incomplete[\s\S]*ARB_KALSHI_KEY_ID/);
    const r = run(["start", "--live"], { ARB_KALSHI_KEY_ID: "k" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--live refused");
  });

  it("refuses --paper with --live and an unknown replay file", () => {
    expect(run(["start", "--paper", "--live"]).status).toBe(2);
    const r = run(["replay", join(dir, "missing.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no such event log");
  });

  it("refuses a web dashboard open beyond loopback without a token, or with a short one: exit 2, one line", () => {
    const open = run(["start", "--duration", "1"], { ARB_DASHBOARD__WEB__HOST: "0.0.0.0" });
    expect(open.status).toBe(2);
    expect(open.stderr).toMatch(/binds 0\.0\.0\.0, beyond loopback: set ARB_WEB_TOKEN/);
    oneLine(open.stderr);
    const prefix = run(["start", "--duration", "1"], { ARB_DASHBOARD__WEB__HOST: "127.attacker.tld" });
    expect(prefix.status).toBe(2);
    oneLine(prefix.stderr);
    const short = run(["start", "--duration", "1"], { ARB_WEB_TOKEN: "short" });
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/ARB_WEB_TOKEN must be at least 16 characters/);
    oneLine(short.stderr);
  });

  it("refuses a scenario whose timeline does not fit its world: exit 2, one line naming the entry", () => {
    const file = join(dir, "bad-scenario.json");
    const entry = { kind: "arb.inject", atMs: 1000, arb: "poly_yes_kalshi_no", ticker: "KXNOPE-1", edgeBps: 100, sizeHundredths: 1000, durationMs: 500 };
    writeFileSync(file, JSON.stringify({ name: "bad", seed: 1, games: { count: 2, leagues: ["NBA"] }, timeline: [entry] }));
    const r = run(["start", "--scenario", file, "--duration", "1", "--no-web"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^invalid scenario bad: timeline\.0 .*KXNOPE-1/);
    oneLine(r.stderr);
    writeFileSync(file, "{ not json");
    const unreadable = run(["start", "--scenario", file, "--duration", "1", "--no-web"]);
    expect(unreadable.status).toBe(2);
    oneLine(unreadable.stderr);
  });

  it("refuses venue URLs without TLS in live mode unless --allow-insecure-venue gives a reason", () => {
    const env = {
      ARB_VENUES__KALSHI__REST_URL: "http://kalshi.example/trade-api/v2",
      ARB_VENUES__POLYMARKET__URLS: JSON.stringify({ wsUser: "ws://poly.example/ws/user" }),
    };
    const r = run(["start", "--live", "--confirm-live"], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("live refused: venue URLs without TLS");
    expect(r.stderr).toContain("venues.kalshi.restUrl: http://kalshi.example/trade-api/v2 is not TLS");
    expect(r.stderr).toContain("venues.polymarket.urls.wsUser: ws://poly.example/ws/user is not TLS");
    expect(r.stderr).not.toContain("wsMarket");
    expect(run(["start", "--live", "--confirm-live", "--allow-insecure-venue", " "], env).stderr).toContain("--allow-insecure-venue needs a reason");
    // Accepted with a reason: the next check (credentials) is what refuses it now.
    const allowed = run(["start", "--live", "--confirm-live", "--allow-insecure-venue", "venue proxy on loopback"], env);
    expect(allowed.status).toBe(2);
    expect(allowed.stderr).toContain("--live refused: credentials incomplete");
    // The demo preset is TLS; the simulator is not a venue.
    expect(run(["start", "--live"], { ARB_VENUES__KALSHI__PRESET: "demo" }).stderr).not.toContain("TLS");
  });

  it("paper mode over http with a reason: runs, logs the reason, and keeps its data files owner-only", async () => {
    const sim = await startSim({ scenario: join(SCENARIOS, "default.json") });
    try {
      const cwd = mkdtempSync(join(tmpdir(), "bot-paper-"));
      const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const keyPath = join(cwd, "kalshi.pem");
      writeFileSync(keyPath, rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
      const account = sim.control.createKalshiAccount({
        publicKeyPem: rsa.publicKey.export({ type: "spki", format: "pem" }).toString(),
        balanceMicros: 1_000_000_000,
      });
      // An event log an earlier version left readable by everyone: made owner-only before the run appends to it.
      writeFileSync(join(cwd, "events.jsonl"), "");
      chmodSync(join(cwd, "events.jsonl"), 0o644);
      const env = {
        ARB_KALSHI_KEY_ID: account.keyId,
        ARB_KALSHI_PRIVATE_KEY_PATH: keyPath,
        ARB_VENUES__KALSHI__REST_URL: sim.urls.kalshi.rest,
        ARB_VENUES__KALSHI__WS_URL: sim.urls.kalshi.ws,
        ARB_VENUES__POLYMARKET__URLS: JSON.stringify(sim.urls.polymarket),
        ARB_EVENT_LOG_PATH: "events.jsonl",
      };
      const refused = await runAsync(["start", "--paper", "--duration", "1", "--no-web"], env, cwd);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain("paper refused: venue URLs without TLS");
      const r = await runAsync(["start", "--paper", "--allow-insecure-venue", "loopback simulator", "--duration", "4", "--no-web"], env, cwd);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l["event"] === "venue.insecure")).toMatchObject({ reason: "loopback simulator", level: 40 });
      expect(lines.find((l) => l["event"] === "files.owner-only")).toMatchObject({ files: ["events.jsonl"] });
      for (const f of ["arb-ledger.sqlite", "arb-pairs.json", "events.jsonl"]) expect(statSync(join(cwd, f)).mode & 0o777, f).toBe(0o600);
      expect(readFileSync(join(cwd, "events.jsonl"), "utf8")).not.toBe("");
    } finally {
      await sim.close();
    }
  });

  it("writes JSON log lines that never repeat a key (a venue client's own venue field under its venue logger); drops reach /metrics", async () => {
    // Once the first drop is logged, the dashboard's /metrics must count it.
    let metrics: Promise<string> | undefined;
    const r = await runAsync(["start", "--scenario", join(SCENARIOS, "malformed-frames.json"), "--duration", "9", "--web-port", "0"], {}, dir, (out) => {
      const url = /"url":"(http[^"]+)","msg":"web dashboard listening"/.exec(out)?.[1];
      if (metrics === undefined && url !== undefined && out.includes("frame dropped")) metrics = fetch(new URL("/metrics", url)).then((res) => res.text());
    });
    expect(r.status, r.stderr).toBe(0);
    expect(await metrics).toMatch(/arb_frames_dropped_total\{venue="kalshi"\} [1-9]/);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("{"));
    const dropped = lines.filter((l) => l.includes("frame dropped"));
    expect(dropped.length).toBeGreaterThan(0);
    for (const l of lines) {
      const keys = topLevelKeys(l);
      expect(
        keys.filter((k, i) => keys.indexOf(k) !== i),
        l,
      ).toEqual([]);
    }
    expect(JSON.parse(dropped[0] ?? "{}")).toMatchObject({ venue: "kalshi" });
  });
});
