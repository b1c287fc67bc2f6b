import { readFileSync } from "node:fs";
import type { z } from "zod";
import { Scenario } from "./schema.js";

export class ScenarioError extends Error {
  readonly code = "SCENARIO_INVALID";
  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid scenario ${source}:\n  ${issues.join("\n  ")}`);
    this.name = "ScenarioError";
  }
}

/** "games.count: expected a number ≤ 2000" style lines, one per issue, every issue at once. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length === 0 ? "(root)" : i.path.map(String).join(".")}: ${i.message}`);
}

export function parseScenario(input: unknown, source = "scenario"): Scenario {
  const r = Scenario.safeParse(input);
  if (!r.success) throw new ScenarioError(source, describeIssues(r.error));
  return r.data;
}

export function loadScenarioFile(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ScenarioError(path, [`(root): not readable JSON (${(err as Error).message})`]);
  }
  return parseScenario(json, path);
}

export const DEFAULT_SCENARIO_PATH = new URL("../../scenarios/default.json", import.meta.url).pathname;
