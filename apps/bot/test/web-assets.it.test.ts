import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ENTRY, UPLOT_CSS, UPLOT_JS } from "../src/dashboard/web/assets.js";
import { type WebDashboard, startWebDashboard } from "../src/dashboard/web/server.js";
import { createMetrics } from "../src/metrics/registry.js";
import { captureLogger } from "./helpers.js";

// The page's scripts and uPlot are served by the dashboard itself, under the same rules as the page and the data:
// the Host (and any Origin) must name this dashboard, and a configured token is required.
const TOKEN = "assets-token-0123456789";

const open: WebDashboard[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

async function dashboard(token?: string): Promise<number> {
  const d = await startWebDashboard({
    host: "127.0.0.1",
    port: 0,
    ...(token !== undefined && { token }),
    message: () => ({}),
    pushMs: 60_000,
    metrics: createMetrics(),
    logger: captureLogger().logger,
  });
  open.push(d);
  return Number(new URL(d.url).port);
}

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers, setHost: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web dashboard assets", () => {
  it("serves the built page modules and uPlot, and refuses them to a forged Host or a foreign Origin", async () => {
    const port = await dashboard();
    const Host = `127.0.0.1:${port}`;
    for (const path of [ENTRY, UPLOT_JS, UPLOT_CSS]) {
      const ok = await get(port, path, { Host });
      expect(ok.status, path).toBe(200);
      expect(ok.type, path).toMatch(path.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      // DNS rebinding: another site's name pointed at 127.0.0.1.
      const forged = await get(port, path, { Host: `evil.example:${port}` });
      expect(forged.status, path).toBe(403);
      expect(forged.body).toBe("forbidden: unknown Host or Origin\n");
      expect((await get(port, path, { Host, Origin: "http://evil.example" })).status, path).toBe(403);
    }
    expect((await get(port, "/assets/nothing.js", { Host })).status).toBe(404);
    expect((await get(port, "/assets/../package.json", { Host })).status).toBe(404);
    expect((await get(port, "/assets/%2e%2e/package.json", { Host })).status).toBe(404);
  });

  it("requires the token on every asset, and gives the page tokened asset URLs", async () => {
    const port = await dashboard(TOKEN);
    const Host = `127.0.0.1:${port}`;
    for (const path of [ENTRY, UPLOT_JS, UPLOT_CSS]) {
      expect((await get(port, path, { Host })).status, path).toBe(401);
      expect((await get(port, `${path}?token=${TOKEN}x`, { Host })).status, path).toBe(401);
      expect((await get(port, `${path}?token=${TOKEN}`, { Host: `evil.example:${port}` })).status, path).toBe(403);
      expect((await get(port, `${path}?token=${TOKEN}`, { Host })).status, path).toBe(200);
    }
    const page = await get(port, `/?token=${TOKEN}`, { Host });
    expect(page.status).toBe(200);
    const attrs = [...page.body.matchAll(/(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]);
    expect(attrs).toEqual([`${UPLOT_CSS}?token=${TOKEN}`, `${ENTRY}?token=${TOKEN}`]);
    // The modules' imports of each other (and of "uplot") resolve through the import map, to tokened URLs too.
    const map = JSON.parse(/<script type="importmap">(.*?)<\/script>/s.exec(page.body)?.[1] ?? "{}") as { imports: Record<string, string> };
    expect(map.imports["uplot"]).toBe(`${UPLOT_JS}?token=${TOKEN}`);
    expect(map.imports["/assets/charts.js"]).toBe(`/assets/charts.js?token=${TOKEN}`);
    for (const [from, to] of Object.entries(map.imports)) expect(to, from).toMatch(new RegExp(`^/assets/[\\w.]+\\?token=${TOKEN}$`));
  });
});
