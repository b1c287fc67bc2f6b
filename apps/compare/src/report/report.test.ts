import { describe, expect, it } from "vitest";
import type { Outcome } from "../judge.js";
import type { ContenderResult, RunResult } from "../run.js";
import { consoleTable } from "./console.js";
import { type ReportDoc, buildTables } from "./document.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";

const outcome = (detectMs: number | undefined, extra: Partial<Outcome> = {}): Outcome => ({
  frameNs: 1n,
  detectMs,
  firstOrderMs: undefined,
  bothOrdersMs: undefined,
  firstFillMs: undefined,
  filledHundredths: { kalshi: 0, polymarket: 0 },
  orders: 0,
  ...extra,
});
const contender = (name: string, outcomes: Outcome[], extra: Partial<ContenderResult> = {}): ContenderResult => ({
  name,
  outcomes,
  detections: outcomes.length,
  cpuPercent: 2.5,
  rssMb: 90,
  peakMb: 120,
  coldStartMs: 2100,
  samples: [
    [0.25, 3, 90],
    [0.5, 2, 91],
  ],
  money: undefined,
  exit: "exit 0",
  ...extra,
});
const windows = [75, 150, 300, 600, 1000].map((requestedBps, i) => ({
  windowId: `w${i}`,
  kind: "kalshi_yes_poly_no",
  ticker: `G-${i}`,
  edgeBps: requestedBps + 20,
  requestedBps,
  sizeHundredths: 10_000,
  theoreticalProfitMicros: 1_000_000,
  step: i,
  markets: [`G-${i}`, "0xc"],
  openMs: i * 1500,
  durationMs: 800,
  fault: i === 4 ? ({ venue: "polymarket", mode: "reject", delayMs: 0 } as const) : undefined,
}));
const detect: RunResult = {
  id: "detect",
  mode: "detect",
  plan: [],
  windows,
  contenders: [
    contender(
      "ours",
      [1, 2, 3, 4, 5].map((ms) => outcome(ms)),
    ),
    contender("python", [outcome(undefined), outcome(500), outcome(900), outcome(300), outcome(undefined)]),
  ],
  load: [1, 1],
  errors: [],
};
const race: RunResult = {
  id: "race",
  mode: "trade",
  plan: [],
  windows,
  contenders: [
    contender(
      "ours",
      windows.map((_, i) =>
        outcome(2, {
          firstOrderMs: 10 + i,
          bothOrdersMs: 12 + i,
          firstFillMs: 11 + i,
          orders: i === 4 ? 3 : 2,
          filledHundredths: { kalshi: 10_000, polymarket: i === 4 ? 0 : 10_000 },
        }),
      ),
      { money: { cashMicros: -1, guaranteedMicros: 2_500_000, bestMicros: 2_600_000 } },
    ),
  ],
  load: [1, 1],
  errors: [],
};

describe("report", () => {
  const tables = buildTables([detect, race], new Set(["ours"]));
  const byTitle = (t: string) => tables.find((x) => x.title === t);

  it("detection: caught, percentiles and hit rate by the schedule's edge bucket", () => {
    const d = byTitle("Detection — detect");
    expect(d?.rows[0]).toEqual(["ours", "5/5", "3.0", "5.0", "5.0", "5.0", "100 %", "100 %", "100 %", "100 %", "100 %"]);
    expect(d?.rows[1]).toEqual(["python", "3/5", "500.0", "900.0", "900.0", "900.0", "0 %", "100 %", "100 %", "100 %", "0 %"]);
  });

  it("execution, partial fills and the race for the trading contenders only", () => {
    expect(byTitle("Execution — race")?.rows).toEqual([["ours", "5", "12.0 / 14.0 / 14.0", "14.0 / 16.0 / 16.0", "13.0 / 15.0 / 15.0"]]);
    const p = byTitle("Partial fills — race");
    expect(p?.rows).toEqual([
      ["ours", "5", "polymarket reject", "100.00 / 0.00", "3", "unequal legs: 100.00 contracts exposed in this window", "$2.50", "$0.10"],
    ]);
    expect(byTitle("Race — race")?.rows).toEqual([["ours", "4", "80.0 %", "$2.50", "50.0 %"]]);
    expect(tables.filter((t) => t.title.startsWith("Resources"))).toHaveLength(2);
  });

  it("renders markdown, aligned console text and a self-contained HTML page with plots and the raw JSON", () => {
    const doc: ReportDoc = {
      meta: {
        title: "T",
        date: "d",
        command: "pnpm compare -- --quick",
        machine: "m",
        contenders: [{ name: "ours", about: "a", source: "s" }],
        unfairness: ["u1"],
        notes: [],
      },
      tables,
      runs: [detect, race],
    };
    const md = renderMarkdown(doc);
    expect(md).toContain("| ours | 5/5 | 3.0 |");
    expect(md).toContain("## What is not fair, stated plainly\n\n- u1");
    const text = consoleTable(tables[0] as (typeof tables)[number]);
    const [, header, rule] = text.split("\n");
    expect(header?.length).toBe(rule?.length);
    const html = renderHtml(doc);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain("detection latency CDF");
    expect(html).toContain("download the raw JSON");
    expect(html).not.toMatch(/<script src|<link /);
    expect(JSON.parse(decodeURIComponent(/href="data:application\/json;charset=utf-8,([^"]+)"/.exec(html)?.[1] ?? "")).runs).toHaveLength(2);
  });
});
