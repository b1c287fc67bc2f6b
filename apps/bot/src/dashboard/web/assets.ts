import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * The browser's files, read once when the dashboard starts: the page's modules as the package build compiles them
 * from ./client/ (tsc → dist/web/), and uPlot from its npm package (served from here: the machines may have no
 * internet, so no CDN). Served under /assets/ by name; anything else there is a 404, so no path reaches the disk.
 */
export interface WebAsset {
  readonly type: string;
  readonly body: Buffer;
}

export interface WebAssets {
  /** URL path (`/assets/main.js`) → file. */
  readonly files: ReadonlyMap<string, WebAsset>;
  /** The page's entry module, when the build has run. */
  readonly entry: string | undefined;
  /** Where the built page was looked for (for the "not built" message). */
  readonly builtDir: string;
}

/** `dist/web/` of this package. This file runs as src/dashboard/web/assets.ts (tests) or dist/dashboard/web/assets.js,
 *  both three levels below the package, so one relative path finds the build either way. */
const BUILT = new URL("../../../dist/web/", import.meta.url);

const JS = "text/javascript; charset=utf-8";

export function loadWebAssets(): WebAssets {
  const files = new Map<string, WebAsset>();
  const builtDir = fileURLToPath(BUILT);
  let names: string[] = [];
  try {
    names = readdirSync(BUILT).filter((n) => n.endsWith(".js"));
  } catch {
    // Not built yet: the page says so (see page.ts).
  }
  for (const n of names) files.set(`/assets/${n}`, { type: JS, body: readFileSync(new URL(n, BUILT)) });
  const require = createRequire(import.meta.url);
  files.set(UPLOT_JS, { type: JS, body: readFileSync(require.resolve("uplot/dist/uPlot.esm.js")) });
  files.set(UPLOT_CSS, { type: "text/css; charset=utf-8", body: readFileSync(require.resolve("uplot/dist/uPlot.min.css")) });
  return { files, entry: files.has(ENTRY) ? ENTRY : undefined, builtDir };
}

export const ENTRY = "/assets/main.js";
export const UPLOT_JS = "/assets/uPlot.esm.js";
export const UPLOT_CSS = "/assets/uPlot.min.css";
