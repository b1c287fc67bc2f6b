import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

function run(args: string[], untilUrls = false): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      // The URLs are printed once every server listens; then a SIGTERM must close it cleanly.
      if (untilUrls && out.trimEnd().endsWith("}")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("venue-sim CLI", () => {
  it("starts a scenario, prints both venues' loopback base URLs, and closes cleanly on SIGTERM", async () => {
    const r = await run(["--", "--scenario", fileURLToPath(new URL("../scenarios/arb-injection.json", import.meta.url)), "--seed", "7"], true);
    expect(r.code).toBe(0);
    const urls = JSON.parse(r.out) as { kalshi: { rest: string; ws: string }; polymarket: { clob: string } };
    expect(urls.kalshi.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/);
    expect(urls.kalshi.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/trade-api\/ws\/v2$/);
    expect(urls.polymarket.clob).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  });

  it("prints its usage on --help, and refuses a bad flag or value with the usage instead of a stack trace", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("usage: venue-sim");
    const bad = await run(["--seed", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--seed must be an integer, got "soon"');
    expect(bad.err).not.toContain("    at ");
    const unknown = await run(["--bogus"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--bogus'");
  });

  it("names the field of a bad scenario file", async () => {
    const r = await run(["--scenario", fileURLToPath(new URL("../package.json", import.meta.url))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/name|games|seed/);
  });
});
