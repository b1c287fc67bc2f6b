import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../config/load.js";
import { readMappingFile } from "./mapping-file.js";

const dir = mkdtempSync(join(tmpdir(), "bot-mapping-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the mapping file", () => {
  it("a file that is not JSON, or not a mapping, is bad input naming the file (exit 2), not a crash", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    expect(() => readMappingFile(broken)).toThrow(ConfigError);
    expect(() => readMappingFile(broken)).toThrow(/broken\.json: not a pair mapping file \(not JSON/);
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ version: 2 }));
    expect(() => readMappingFile(wrong)).toThrow(ConfigError);
    expect(readMappingFile(join(dir, "absent.json"))).toEqual({ version: 1, pairs: [] });
  });
});
