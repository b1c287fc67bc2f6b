import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { NOT_BROWSER_TESTED, chromiumVersion, findChromium } from "../scripts/browser.mjs";
import { startWebDashboard } from "../src/dashboard/web/server.js";
import { createMetrics } from "../src/metrics/registry.js";
import { runStart } from "../src/run/start.js";
import { captureLogger, fakeOut, testConfig, waitFor, workDir } from "./helpers.js";

// The test command provides the browser (scripts/test.mjs installs Debian's chromium where it can). Without one the
// browser test is skipped with a loud line, except in CI, where a missing browser fails it.
const browserFound = findChromium();
const inCi = process.env.CI === "true" || process.env.CI === "1";
if (browserFound === undefined && !inCi) console.warn(NOT_BROWSER_TESTED);

const TOKEN = "browser-test-token-0123";

/** A page that opens `ws` and records whether any data came before the socket closed. */
const foreignPage = (ws: string) => `<!doctype html><script>
const s = new WebSocket(${JSON.stringify(`${ws}?token=${TOKEN}`)});
s.onmessage = () => { window.result = "got data"; };
s.onclose = () => { window.result ??= "closed without data"; };
</script>`;

describe("web dashboard", () => {
  it("refuses to bind beyond loopback without a token", async () => {
    const { logger } = captureLogger();
    await expect(startWebDashboard({ host: "0.0.0.0", port: 0, message: () => ({}), pushMs: 1_000, metrics: createMetrics(), logger })).rejects.toThrow(
      /ARB_WEB_TOKEN/,
    );
  });

  it.skipIf(browserFound === undefined && !inCi)(
    "pushes live data to headless Chromium with a token, draws a plot, serves Prometheus metrics; another site's page gets nothing",
    async () => {
      if (browserFound === undefined) throw new Error(`CI: ${NOT_BROWSER_TESTED}`);
      console.log(`web dashboard browser test: ${chromiumVersion(browserFound.path)} at ${browserFound.path} (from ${browserFound.source})`);
      const { logger } = captureLogger();
      let url: string | undefined;
      let stop!: () => void;
      const run = runStart({
        config: testConfig(),
        secrets: { webToken: TOKEN },
        logger,
        out: fakeOut(),
        tty: false,
        stop: new Promise<void>((r) => (stop = r)),
        workDir: workDir(),
        onReady: (i) => (url = i.webUrl),
      });
      // A fresh profile directory per run (playwright passes it to Chromium as --user-data-dir).
      const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "bot-chromium-")), {
        executablePath: browserFound.path,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        await waitFor(() => url !== undefined, 20_000, "the web dashboard");
        const page = await browser.newPage();
        // The token rides in the page's URL; the page's modules (each asset URL carries it) hand it to its socket.
        expect((await fetch(url as string)).status).toBe(401);
        await page.goto(`${url}?token=${TOKEN}`);
        await page.waitForFunction("window.arbFrames >= 3", undefined, { timeout: 20_000 });
        expect(await page.textContent("#world")).toMatch(/^SIMULATOR/);
        expect(await page.locator("#pairs tr").count()).toBeGreaterThan(3);
        // Pixels of the P&L canvas in the series colour (#61afef): the curve itself, not the grey axes, has drawn.
        const curvePixels = `(() => { const c = document.getElementById("pnl"); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i + 2] > d[i] + 60 && d[i + 3] > 100) n++; return n; })()`;
        await page.waitForFunction(`${curvePixels} > 20`, undefined, { timeout: 20_000 });
        const metrics = await (await fetch(new URL("/metrics", url), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
        expect(metrics).toMatch(/arb_book_updates_total\{venue="kalshi"\} [1-9]/);
        expect(metrics).toContain("arb_tick_to_order_seconds_bucket");
        expect(metrics).toContain("arb_breaker_open");

        // A page of another origin the operator visits (here another loopback port) opens the dashboard's socket, even
        // knowing the token: the browser sends its Origin, and the socket is refused before any data.
        const other = createServer((_req, res) =>
          res.writeHead(200, { "content-type": "text/html" }).end(foreignPage(new URL("/ws", url).href.replace(/^http/, "ws"))),
        );
        await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
        try {
          const foreign = await browser.newPage();
          await foreign.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
          await foreign.waitForFunction("window.result !== undefined", undefined, { timeout: 10_000 });
          expect(await foreign.evaluate("window.result")).toBe("closed without data");
        } finally {
          other.close();
        }
      } finally {
        await browser.close();
        stop();
        await run;
      }
    },
  );
});
