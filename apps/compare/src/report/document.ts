import type { RunResult } from "../run.js";
import { type Table, detectionTable, executionTable, group, partialTable, raceTable, resourcesTable } from "./tables.js";

/** Everything a report says besides its tables: where and how it ran, who ran, and what is not fair. */
export interface ReportMeta {
  readonly title: string;
  readonly date: string;
  readonly command: string;
  readonly machine: string;
  readonly contenders: readonly { readonly name: string; readonly about: string; readonly source: string }[];
  readonly unfairness: readonly string[];
  readonly notes: readonly string[];
}

export interface ReportDoc {
  readonly meta: ReportMeta;
  readonly tables: readonly Table[];
  readonly runs: readonly RunResult[];
}

/** Pure: the tables of whatever runs were made, trial by trial. */
export function buildTables(runs: readonly RunResult[], traders: ReadonlySet<string>): Table[] {
  const tables: Table[] = [];
  const groups = group(runs);
  for (const [id, rs] of groups) if (rs[0]?.mode === "detect") tables.push(detectionTable(id, rs));
  for (const [id, rs] of groups) if (rs[0]?.mode === "trade") tables.push(executionTable(id, rs, traders));
  for (const [id, rs] of groups) if (!id.startsWith("solo")) tables.push(resourcesTable(id, rs));
  for (const [id, rs] of groups)
    if (rs[0]?.mode === "trade" && rs.some((r) => r.windows.some((w) => w.fault !== undefined))) tables.push(partialTable(id, rs, traders));
  for (const [id, rs] of groups) if (rs[0]?.mode === "trade" && !id.startsWith("solo")) tables.push(raceTable(id, rs, traders));
  return tables;
}
