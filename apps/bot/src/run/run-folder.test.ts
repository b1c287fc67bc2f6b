import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRunFolder, latestRunFolder, prepareSimulatorRoot, runFolderName, simulatorRoot } from "./run-folder.js";

const mode = (p: string) => statSync(p).mode & 0o777;

describe("simulator run folders", () => {
  it("names a run by its start time and process, sortable", () => {
    expect(runFolderName(Date.UTC(2026, 11, 6, 11, 4, 5, 67), 4242)).toBe("run-2026-12-06T11-04-05-067Z-4242");
  });

  it("gives each run a new owner-only folder, keeps the earlier ones and points latest at the newest", () => {
    const root = prepareSimulatorRoot(mkdtempSync(join(tmpdir(), "bot-runs-")));
    expect(mode(root)).toBe(0o700);
    expect(latestRunFolder(root)).toBeUndefined();
    const first = createRunFolder(root, 1_000, 7);
    writeFileSync(join(first, "ledger.sqlite"), "kept");
    const second = createRunFolder(root, 2_000, 7);
    expect([mode(first), mode(second)]).toEqual([0o700, 0o700]);
    expect(latestRunFolder(root)).toBe(second);
    expect(existsSync(join(first, "ledger.sqlite"))).toBe(true);
    expect(() => createRunFolder(root, 2_000, 7)).toThrow(/EEXIST/);
    expect(latestRunFolder(root)).toBe(second);
  });

  it("makes an existing root owner-only", () => {
    const base = mkdtempSync(join(tmpdir(), "bot-runs-"));
    mkdirSync(simulatorRoot(base), { mode: 0o755 });
    chmodSync(simulatorRoot(base), 0o755);
    expect(mode(prepareSimulatorRoot(base))).toBe(0o700);
  });
});
