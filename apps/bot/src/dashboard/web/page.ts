import { UPLOT_CSS, UPLOT_JS, type WebAssets } from "./assets.js";

/**
 * The dashboard's HTML: markup and styles only; the script is the TypeScript in ./client/, built to modules. With a
 * token, every asset URL carries it (the page's own URL does, and a script or stylesheet request would not), and an
 * import map gives the modules' imports of each other the same tokened URLs.
 */
const HEAD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>arb bot</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;margin:0;background:#0f1115;color:#d8dee9}
header{padding:8px 12px;font-weight:bold}
header.SIMULATOR{background:#1d6f7a}header.PAPER{background:#a07a12;color:#111}header.LIVE{background:#b3261e}
main{padding:8px 12px}.row{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#171a21;border:1px solid #262b36;border-radius:6px;padding:8px;margin:6px 0}
.plot{position:relative;background:#0b0d11;border:1px solid #262b36;min-height:200px}.plot .empty{position:absolute;left:50px;top:10px;color:#8fa1b3}
.uplot{font-family:inherit}.u-legend{color:#d8dee9}
table{border-collapse:collapse}td,th{padding:1px 8px;text-align:right;white-space:nowrap}th{color:#8fa1b3}td:first-child,th:first-child{text-align:left}
.pos{color:#5fd068}.neg{color:#8a93a3}.stale{opacity:.45}.warn{color:#e5c07b}.critical{color:#ff6b6b}
</style>`;

const BODY = `<main>
<div class="card" id="status"></div>
<div class="row">
<div class="card"><div>edge over time (best per pair, 1/10 000 $)</div><div class="plot" id="edges-plot"></div></div>
<div class="card"><div>tick → order latency (µs)</div><div class="plot" id="latency-plot"></div></div>
<div class="card"><div>guaranteed P&amp;L ($)</div><div class="plot" id="pnl-plot"></div></div>
<div class="card"><div>exposure ($): gross, unmatched</div><div class="plot" id="exposure-plot"></div></div>
</div>
<div class="card"><table id="pairs"></table></div>
<div class="row"><div class="card"><div>in-flight orders</div><table id="orders"></table></div>
<div class="card"><div>positions</div><table id="positions"></table></div>
<div class="card"><div>alerts</div><div id="alerts"></div></div></div>
</main>`;

const escHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page for a dashboard serving `assets`, each asset URL with `?token=` when the dashboard has one. */
export function pageHtml(assets: WebAssets, token: string | undefined): string {
  const q = token === undefined ? "" : `?token=${encodeURIComponent(token)}`;
  if (assets.entry === undefined) {
    const msg = `the dashboard's page is not built (no ${assets.builtDir}main.js): run pnpm build`;
    return `${HEAD}</head><body><header id="world">${escHtml(msg)}</header>${BODY}</body></html>`;
  }
  const imports: Record<string, string> = { uplot: UPLOT_JS + q };
  for (const path of assets.files.keys()) if (path.endsWith(".js")) imports[path] = path + q;
  // JSON inside <script>: "<" escaped so no value can close the element.
  const importMap = JSON.stringify({ imports }).replace(/</g, "\\u003c");
  return (
    `${HEAD}<link rel="stylesheet" href="${escHtml(UPLOT_CSS + q)}">` +
    `<script type="importmap">${importMap}</script><script type="module" src="${escHtml(assets.entry + q)}"></script></head>` +
    `<body><header id="world">connecting…</header>${BODY}</body></html>`
  );
}
