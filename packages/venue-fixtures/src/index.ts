import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type FixtureVenue = "kalshi" | "polymarket";

/** The package root: one level above both src/ (tests run from source) and dist/ (other packages import the build). */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export function fixturePath(venue: FixtureVenue, ...parts: string[]): string {
  return join(root, venue, ...parts);
}

export function fixtureText(venue: FixtureVenue, ...parts: string[]): string {
  return readFileSync(fixturePath(venue, ...parts), "utf8");
}

export function fixtureJson<T = unknown>(venue: FixtureVenue, ...parts: string[]): T {
  return JSON.parse(fixtureText(venue, ...parts)) as T;
}

/** The `.json` files of one fixture folder, sorted, so a test covers every example without listing them. */
export function fixtureFiles(venue: FixtureVenue, folder: string): string[] {
  return readdirSync(fixturePath(venue, folder))
    .filter((f) => f.endsWith(".json"))
    .sort();
}
