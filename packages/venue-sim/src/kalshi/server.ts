import { type Server, createServer } from "node:http";
import type { Logger } from "pino";
import type { Endpoint } from "../runtime/endpoint.js";
import type { SimCore } from "../runtime/core.js";
import { createKalshiRest } from "./rest.js";
import { createKalshiWs } from "./ws.js";

export interface KalshiService {
  /** A server for one endpoint: Trade API v2 REST under /trade-api/v2 and WS v2 at /trade-api/ws/v2 on one port,
   *  like the venue's host, in the endpoint's dialect and under its label. */
  serverFor(endpoint: Endpoint): Server;
  close(): Promise<void>;
}

/** One REST and one socket service behind every endpoint's port, so all clients share one engine and one fan-out. */
export function createKalshiService(core: SimCore, logger: Logger): KalshiService {
  const rest = createKalshiRest(core, logger);
  const ws = createKalshiWs(core, logger);
  const servers: Server[] = [];
  return {
    serverFor(endpoint) {
      const server = createServer((req, res) => rest.handle(req, res, endpoint));
      server.on("upgrade", (req, socket, head) => ws.handleUpgrade(req, socket, head, endpoint));
      servers.push(server);
      return server;
    },
    async close() {
      ws.close();
      rest.close();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
