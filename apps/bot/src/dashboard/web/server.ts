import { type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { Metrics } from "../../metrics/registry.js";
import { type AccessRules, accessRules, checkWebAccess } from "./access.js";
import { loadWebAssets } from "./assets.js";
import { pageHtml } from "./page.js";

export interface WebDashboardOptions {
  readonly host: string;
  readonly port: number;
  /** Required on every request and socket when given; required to bind beyond loopback. */
  readonly token?: string;
  /** Names (besides the bound address) a browser may reach the dashboard by, e.g. a reverse proxy's. */
  readonly publicNames?: readonly string[];
  /** The JSON pushed to every client each `pushMs`. */
  readonly message: () => unknown;
  readonly pushMs: number;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface WebDashboard {
  readonly url: string;
  close(): Promise<void>;
}

export class WebBindError extends Error {
  readonly code = "WEB_BIND_REFUSED";
}

/** node:http + ws push; loopback by default; every route (page, assets, API, socket) only for requests naming this
 *  dashboard (access.ts), with the token if any. */
export async function startWebDashboard(o: WebDashboardOptions): Promise<WebDashboard> {
  checkWebAccess(o.host, o.token);
  // Set once listening: the rules need the port the socket got.
  let rules: AccessRules | undefined;
  const assets = loadWebAssets();
  if (assets.entry === undefined) o.logger.warn({ dir: assets.builtDir }, "web dashboard page not built: run pnpm build");
  const page = pageHtml(assets, o.token);
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
    res.end(body);
  };
  const server = createServer((req, res) => {
    if (rules === undefined || !rules.hostOk(req.headers.host) || !rules.originOk(req.headers.origin))
      return send(res, 403, "text/plain", "forbidden: unknown Host or Origin\n");
    if (!rules.tokenOk(req)) return send(res, 401, "text/plain", "token required\n");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method !== "GET") return send(res, 405, "text/plain", "GET only\n");
    if (path === "/") return send(res, 200, "text/html; charset=utf-8", page);
    const asset = assets.files.get(path);
    if (asset !== undefined) return send(res, 200, asset.type, asset.body);
    if (path === "/api/snapshot") return send(res, 200, "application/json", JSON.stringify(o.message()));
    if (path === "/metrics") {
      o.metrics.registry.metrics().then(
        (text) => send(res, 200, o.metrics.registry.contentType, text),
        (err: unknown) => send(res, 500, "text/plain", `${String(err)}\n`),
      );
      return;
    }
    send(res, 404, "text/plain", "not found\n");
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4_096 });
  server.on("upgrade", (req, socket, head) => {
    if (rules === undefined || !rules.hostOk(req.headers.host) || !rules.originOk(req.headers.origin)) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    if (new URL(req.url ?? "/", "http://x").pathname !== "/ws" || !rules.tokenOk(req)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify(o.message()));
    });
  });
  const timer = setInterval(() => {
    if (wss.clients.size === 0) return;
    const text = JSON.stringify(o.message());
    for (const c of wss.clients) if (c.readyState === c.OPEN && c.bufferedAmount < 1_000_000) c.send(text);
  }, o.pushMs);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      clearInterval(timer);
      // A busy port is the caller's to judge (trading goes on without the dashboard); any other failure means the
      // configured address is wrong.
      reject(
        err.code === "EADDRINUSE"
          ? err
          : new WebBindError(`the web dashboard cannot listen on ${o.host}:${o.port} (${err.code ?? err.message}): check dashboard.web.host`),
      );
    });
    server.listen(o.port, o.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  rules = accessRules({ bound: o.host, address, port, publicNames: o.publicNames ?? [], token: o.token });
  const url = `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${port}/`;
  o.logger.info({ url: o.token === undefined ? url : `${url}?token=[redacted]` }, "web dashboard listening");
  return {
    url,
    async close() {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
