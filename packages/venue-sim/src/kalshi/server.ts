import { type Server, createServer } from "node:http";
import type { Logger } from "pino";
import type { SimCore } from "../runtime/core.js";
import { type KalshiFlavor, createKalshiRest } from "./rest.js";
import { createKalshiWs } from "./ws.js";

export interface KalshiServer {
  readonly server: Server;
  close(): Promise<void>;
}

/** Trade API v2 REST under /trade-api/v2 and WS v2 at /trade-api/ws/v2, on one port like the venue's host. */
export function createKalshiServer(core: SimCore, flavor: KalshiFlavor, logger: Logger): KalshiServer {
  const rest = createKalshiRest(core, flavor, logger);
  const ws = createKalshiWs(core, flavor, logger);
  const server = createServer((req, res) => rest.handle(req, res));
  server.on("upgrade", (req, socket, head) => ws.handleUpgrade(req, socket, head));
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        ws.close();
        rest.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
