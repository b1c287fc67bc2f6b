import type { RunResult } from "../run.js";
import { EDGE_BUCKETS, bucketOf } from "../schedule.js";
import { cdf } from "../stats.js";
import type { ReportDoc } from "./document.js";
import { barPlot, dotPlot, linePlot } from "./svg.js";
import type { Table } from "./tables.js";

const esc = (s: string): string => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function htmlTable(t: Table): string {
  return `<h3>${esc(t.title)}</h3><p class="note">${esc(t.note)}</p><table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

/** CPU over 1 s: /proc counts in 10 ms ticks, so one 250 ms sample reads 0 % or 4 % for a light process. */
function perSecond(samples: readonly (readonly [number, number, number])[]): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  for (let i = 0; i + 4 <= samples.length; i += 4) {
    const four = samples.slice(i, i + 4);
    out.push([four[3]?.[0] ?? 0, four.reduce((n, s) => n + s[1], 0) / 4]);
  }
  return out;
}

/** Pure: the plots of a set of runs of one kind (all repeats pooled; time series from the first). */
function plotsOf(id: string, runs: readonly RunResult[]): string[] {
  const names = [...new Set(runs.flatMap((r) => r.contenders.map((c) => c.name)))];
  const first = runs[0];
  if (first === undefined) return [];
  const out: string[] = [];
  if (first.mode === "detect") {
    const lat = (n: string) =>
      runs.flatMap((r) => (r.contenders.find((c) => c.name === n)?.outcomes ?? []).flatMap((o) => (o.detectMs === undefined ? [] : [o.detectMs])));
    out.push(
      linePlot(
        `${id}: detection latency CDF`,
        names.map((n) => ({ name: n, points: cdf(lat(n)).map(([v, f]) => [Math.max(v, 0.05), f * 100] as const) })),
        { log: true, label: "ms from own last frame (log)" },
        { log: false, label: "% of caught windows", min: 0, max: 100 },
        true,
      ),
    );
    const hit = names.map((n) => ({
      name: n,
      values: EDGE_BUCKETS.map((b) => {
        const pairs = runs.flatMap((r) =>
          r.windows.flatMap((w, i) => (bucketOf(w.requestedBps) === b ? [r.contenders.find((c) => c.name === n)?.outcomes[i]?.detectMs !== undefined] : [])),
        );
        return pairs.length === 0 ? undefined : (pairs.filter(Boolean).length / pairs.length) * 100;
      }),
    }));
    out.push(
      barPlot(
        `${id}: hit rate by edge`,
        EDGE_BUCKETS.map((b) => `${b} bps`),
        hit,
        "% of windows caught",
      ),
    );
    out.push(
      dotPlot(
        `${id}: per-window detection (hollow = missed), first run`,
        names.map((n) => ({
          name: n,
          points: first.windows.map((_, i) => [i + 1, first.contenders.find((c) => c.name === n)?.outcomes[i]?.detectMs] as const),
        })),
        { log: false, label: "window" },
        { log: true, label: "ms (log)" },
      ),
    );
  } else {
    out.push(
      dotPlot(
        `${id}: per-window frame → first order (hollow = none), first run`,
        names.map((n) => ({
          name: n,
          points: first.windows.map((_, i) => [i + 1, first.contenders.find((c) => c.name === n)?.outcomes[i]?.firstOrderMs] as const),
        })),
        { log: false, label: "window" },
        { log: true, label: "ms (log)" },
      ),
    );
  }
  out.push(
    linePlot(
      `${id}: CPU over time (1 s means), first run`,
      first.contenders.map((c) => ({ name: c.name, points: perSecond(c.samples) })),
      { log: false, label: "s from the first window" },
      { log: false, label: "CPU % of a core" },
    ),
  );
  out.push(
    linePlot(
      `${id}: RSS over time, first run`,
      first.contenders.map((c) => ({ name: c.name, points: c.samples.map(([t, , rss]) => [t, rss] as const) })),
      { log: false, label: "s from the first window" },
      { log: false, label: "RSS MB", min: 0 },
    ),
  );
  return out;
}

/** Pure: the self-contained HTML report (inline SVG plots, the tables, the raw JSON of every run). */
export function renderHtml(doc: ReportDoc): string {
  const m = doc.meta;
  const ids = [...new Set(doc.runs.map((r) => r.id))];
  const plots = ids.flatMap((id) =>
    plotsOf(
      id,
      doc.runs.filter((r) => r.id === id),
    ),
  );
  const raw = JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)}</title><style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0 18px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}.note{color:#555;font-size:12px}.plots{display:flex;flex-wrap:wrap;gap:12px}pre{max-height:320px;overflow:auto;background:#f7f7f7;padding:8px;font-size:11px}
</style></head><body>
<h1>${esc(m.title)}</h1><p>${esc(m.date)} · <code>${esc(m.command)}</code></p><p><b>Machine</b>: ${esc(m.machine)}</p>
<h2>Contenders</h2><ul>${m.contenders.map((c) => `<li><b>${esc(c.name)}</b>: ${esc(c.about)} — ${esc(c.source)}</li>`).join("")}</ul>
<h2>Plots</h2><div class="plots">${plots.join("")}</div>
<h2>Results</h2>${doc.tables.map(htmlTable).join("")}
<h2>What is not fair</h2><ul>${m.unfairness.map((u) => `<li>${esc(u)}</li>`).join("")}</ul>
${m.notes.length > 0 ? `<h2>Notes</h2><ul>${m.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
<h2>Raw data</h2><p><a download="compare-raw.json" href="data:application/json;charset=utf-8,${encodeURIComponent(raw)}">download the raw JSON</a></p>
<pre id="raw">${esc(raw.slice(0, 200_000))}${raw.length > 200_000 ? "\n…(truncated here; the download link has all of it)" : ""}</pre>
</body></html>
`;
}
