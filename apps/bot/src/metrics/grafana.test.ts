import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createMetrics } from "./registry.js";

/**
 * The Grafana dashboard (deploy/grafana/arb-bot.json) against the registry the bot really serves on /metrics: a panel
 * naming a metric that was renamed or never existed would show "No data" in production and nobody would notice.
 */
const DASHBOARD = fileURLToPath(new URL("../../../../deploy/grafana/arb-bot.json", import.meta.url));

/** Grafana's reference to the dashboard's data-source variable, spelt in two parts so it does not read as a broken
 *  template literal. */
const DS_UID = "$" + "{DS_PROMETHEUS}";

/** Series Prometheus adds to every target itself; they are in no registry but are as real as the bot's own. */
const SCRAPE_SERIES = new Set(["up"]);

interface Series {
  /** Only ever grows (a counter, or a histogram's `_bucket` / `_sum` / `_count`): meaningless without rate(). */
  readonly monotonic: boolean;
}

/** Every series name the registry exposes, spelt as prom-client writes them in the exposition text. */
async function exposedSeries(registry: ReturnType<typeof createMetrics>["registry"]): Promise<Map<string, Series>> {
  const out = new Map<string, Series>();
  for (const m of await registry.getMetricsAsJSON()) {
    const name = m.name;
    // The typings declare a numeric enum; at run time prom-client gives the type's name ("counter", "histogram").
    const type = String(m.type);
    // prom-client keeps a counter's name as given (the bot's already end in `_total`); a histogram or summary has no
    // series under its bare name, only the suffixed ones (a summary also exposes its quantiles under the bare name).
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) out.set(`${name}${s}`, { monotonic: true });
    else if (type === "summary") {
      out.set(name, { monotonic: false });
      for (const s of ["_sum", "_count"]) out.set(`${name}${s}`, { monotonic: true });
    } else out.set(name, { monotonic: type === "counter" });
  }
  for (const s of SCRAPE_SERIES) out.set(s, { monotonic: false });
  return out;
}

/** Same-length blanking keeps every index valid, so a name's position can be used to look at what encloses it. */
const blank = (text: string, re: RegExp): string => text.replace(re, (m) => " ".repeat(m.length));

/** PromQL words that look like names but are not series. */
const KEYWORDS = new Set(["and", "or", "unless", "bool", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "inf", "nan"]);

/** The metric names a PromQL expression selects, with their positions in the returned (blanked) text. */
function metricRefs(expr: string): { text: string; refs: { name: string; at: number }[] } {
  let t = blank(expr, /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g); // label values, regexes
  t = blank(t, /\{[^}]*\}/g); // label matchers
  t = blank(t, /\[[^\]]*\]/g); // ranges and subqueries
  t = blank(t, /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g); // label lists
  t = blank(t, /\boffset\s+-?[0-9a-z$_{}]+/gi);
  t = blank(t, /\$\{[^}]*\}|\$\w+/g); // Grafana variables
  t = blank(t, /(?<![\w:])(?:0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)(?![\w:])/gi); // numbers
  const refs: { name: string; at: number }[] = [];
  for (const m of t.matchAll(/[A-Za-z_:][\w:]*/g)) {
    const after = t.slice(m.index + m[0].length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(m[0].toLowerCase())) continue; // a function or aggregation, or a keyword
    refs.push({ name: m[0], at: m.index });
  }
  return { text: t, refs };
}

/** The function whose argument list holds position `at`, if any. */
function enclosingCall(text: string, at: number): string | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ")") depth++;
    else if (c === "(") {
      if (depth === 0) return /([A-Za-z_]\w*)\s*$/.exec(text.slice(0, i))?.[1];
      depth--;
    }
  }
  return undefined;
}

const RATES = new Set(["rate", "irate", "increase"]);

/** What is wrong with one expression against the exposed series: unknown names, monotonic series read raw. */
function problemsOf(expr: string, series: ReadonlyMap<string, Series>): string[] {
  if (/__name__/.test(expr)) return [`${expr}: selects by __name__, which this check cannot follow`];
  const { text, refs } = metricRefs(expr);
  if (refs.length === 0) return [`${expr}: names no metric`];
  const out: string[] = [];
  for (const r of refs) {
    const s = series.get(r.name);
    if (s === undefined) out.push(`${r.name}: no such metric on the bot's /metrics`);
    else if (s.monotonic && !RATES.has(enclosingCall(text, r.at) ?? "")) out.push(`${r.name}: only grows; read it through rate() or increase()`);
  }
  return out;
}

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] };
  annotations: { list: { expr?: string; datasource?: { uid?: string } }[] };
};

/** Every panel, rows' collapsed children included. */
const allPanels = (list: readonly Panel[]): Panel[] => list.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
const panels = allPanels(dashboard.panels);
const queryPanels = panels.filter((p) => p.type !== "row");

/** Every PromQL expression the dashboard runs, named for the failure message. */
const expressions: { where: string; expr: string }[] = [
  ...queryPanels.flatMap((p) => (p.targets ?? []).map((t, i) => ({ where: `panel ${p.id} "${p.title}" target ${i}`, expr: t.expr ?? "" }))),
  ...dashboard.annotations.list.filter((a) => a.expr !== undefined).map((a) => ({ where: "annotation", expr: a.expr ?? "" })),
  ...dashboard.templating.list
    .filter((v) => v.type === "query")
    .map((v) => {
      const q = typeof v.query === "string" ? v.query : ((v.query as { query?: string } | undefined)?.query ?? "");
      // label_values(<selector>, <label>): the selector is the expression; the label is not a series.
      return { where: `variable $${v.name}`, expr: /^label_values\((.*),\s*\w+\)$/.exec(q.trim())?.[1] ?? q };
    }),
];

describe("Grafana dashboard", () => {
  it("names only metrics the bot's registry exposes, monotonic ones through rate()", async () => {
    const series = await exposedSeries(createMetrics().registry);
    expect(expressions.length).toBeGreaterThan(20);
    const problems = expressions.flatMap(({ where, expr }) => problemsOf(expr, series).map((p) => `${where}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("the checker refuses what it must refuse", async () => {
    const { registry } = createMetrics();
    const series = await exposedSeries(registry);
    expect(problemsOf('sum by (venue) (rate(arb_book_updates_total{venue="kalshi"}[5m]))', series)).toEqual([]);
    expect(problemsOf("sum(rate(arb_made_up_total[5m]))", series)).toEqual(["arb_made_up_total: no such metric on the bot's /metrics"]);
    // A histogram has no series under its bare name.
    expect(problemsOf("arb_tick_to_order_seconds", series)).toHaveLength(1);
    expect(problemsOf("sum(arb_orders_total)", series)).toEqual(["arb_orders_total: only grows; read it through rate() or increase()"]);
    expect(problemsOf("sum by (le) (arb_tick_to_order_seconds_bucket)", series)).toHaveLength(1);
    // The suffix rule is prom-client's own: an unlabelled histogram's buckets are in the exposition text from the start.
    const text = await registry.metrics();
    expect(text).toContain("arb_tick_to_order_seconds_bucket{le=");
    expect(text).toContain("arb_tick_to_order_seconds_count ");
    expect(text).toContain("# TYPE arb_book_updates_total counter");
  });

  it("is an importable dashboard bound to the DS_PROMETHEUS variable", () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list.find((v) => v.name === "DS_PROMETHEUS")).toMatchObject({ type: "datasource", query: "prometheus" });
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of queryPanels) {
      expect(p.datasource?.uid, `panel ${p.id}`).toBe(DS_UID);
      expect(p.targets?.length ?? 0, `panel ${p.id}`).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, `panel ${p.id}`).toBe(DS_UID);
    }
  });
});
