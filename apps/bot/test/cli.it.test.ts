import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "bot-cli-"));
const run = (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...clean, ...env }, timeout: 20_000 });
};

describe("bot CLI", () => {
  it("has --help for every command", () => {
    const top = run(["--help"]);
    expect(top.status).toBe(0);
    for (const c of ["start", "discover", "positions", "alerts", "reset-breaker", "replay"]) {
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
});
