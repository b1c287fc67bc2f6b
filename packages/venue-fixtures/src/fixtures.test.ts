import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type FixtureVenue, fixtureFiles, fixtureJson, fixturePath } from "./index.js";

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "README.md"), "utf8");
const folders: Array<[FixtureVenue, string]> = [
  ["kalshi", "rest"],
  ["kalshi", "ws"],
  ["kalshi", "ws-legacy-2026-01"],
  ["polymarket", "rest"],
  ["polymarket", "ws"],
];

/** The file names the README's table lists under one `### \`venue/folder/\`` heading. */
function listed(venue: string, folder: string): string[] {
  const section = readme.split(`### \`${venue}/${folder}/\``)[1]?.split("### ")[0] ?? "";
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string).sort();
}

describe("venue fixtures", () => {
  for (const [venue, folder] of folders) {
    it(`${venue}/${folder}: every file is listed with its source, parses, and nothing else is there`, () => {
      const files = fixtureFiles(venue, folder);
      expect(files.length).toBeGreaterThan(0);
      expect(readdirSync(fixturePath(venue, folder)).sort()).toEqual(files);
      expect(listed(venue, folder)).toEqual(files);
      for (const f of files) expect(fixtureJson(venue, folder, f)).toBeTypeOf("object");
    });
  }

  it("names every source row with a 40-hex commit", () => {
    const rows = [...readme.matchAll(/^\| `[^`]+` \|.*$/gm)].map((m) => m[0]);
    expect(rows.length).toBe(folders.reduce((n, [v, f]) => n + fixtureFiles(v, f).length, 0));
    for (const r of rows) expect(r).toMatch(/`[0-9a-f]{40}`/);
  });
});
