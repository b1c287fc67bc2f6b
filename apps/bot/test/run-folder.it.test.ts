import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The built CLI in simulator mode, its temp directory a fresh one, as a user runs it. */
const CLI = new URL("../dist/cli.js", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "bot-runs-"));
const root = join(tmp, "arb-bot-simulator");
const run = (args: string[]) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ARB_")));
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...clean, TMPDIR: tmp }, timeout: 60_000 });
};
const mode = (p: string) => statSync(p).mode & 0o777;

describe("simulator run folders (issue 13)", () => {
  it("keeps each run in its own owner-only folder named by the summary; positions and alerts read the latest run", () => {
    const first = run(["start", "--duration", "2", "--no-web"]);
    expect(first.status, first.stderr).toBe(0);
    const named = /^run folder: (\S+) /m.exec(first.stdout)?.[1];
    expect(named).toBe(join(root, readlinkSync(join(root, "latest"))));
    const summaryLine = first.stdout.split("\n").find((l) => l.includes('"event":"session.summary"'));
    expect(JSON.parse(summaryLine ?? "{}")).toMatchObject({ runDir: named });
    const dir = named ?? "";
    expect([mode(root), mode(dir)]).toEqual([0o700, 0o700]);
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(["ledger.sqlite", "events.jsonl", "pairs.json"]));
    for (const f of files) expect(mode(join(dir, f)), f).toBe(0o600);

    const positions = run(["positions"]);
    expect(positions.status, positions.stderr).toBe(0);
    const alerts = run(["alerts"]);
    expect(alerts.status, alerts.stderr).toBe(0);
    expect(alerts.stdout).toMatch(/\d+ alerts\n$/);

    const second = run(["start", "--duration", "1", "--no-web"]);
    expect(second.status, second.stderr).toBe(0);
    const next = /^run folder: (\S+) /m.exec(second.stdout)?.[1];
    expect(next).not.toBe(named);
    expect(readlinkSync(join(root, "latest"))).toBe(next?.slice(root.length + 1));
    expect(readdirSync(dir)).toEqual(files);
  });
});
