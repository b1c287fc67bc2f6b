import { type Server, createServer } from "node:http";
import type { Logger } from "pino";
import type { Endpoint } from "../runtime/endpoint.js";
import type { SimCore } from "../runtime/core.js";
import { createGamma } from "./gamma.js";
import { createPolymarketRest } from "./rest.js";
import { WS_MARKET_PATH, createMarketChannel, createWsServer } from "./ws-market.js";
import { WS_USER_PATH, createUserChannel } from "./ws-user.js";

export interface PolymarketServers {
  /** clob.polymarket.com */
  readonly clob: Server;
  /** gamma-api.polymarket.com */
  readonly gamma: Server;
  /** ws-subscriptions-clob.polymarket.com: /ws/market and /ws/user */
  readonly ws: Server;
}

export interface PolymarketService {
  /** One endpoint's three hosts, as the venue splits them (each gets its own loopback port). */
  serversFor(endpoint: Endpoint): PolymarketServers;
  close(): Promise<void>;
}

const closeServer = (s: Server): Promise<void> =>
  new Promise((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

/** One CLOB, Gamma and channel service behind every endpoint, so all clients share one engine and one fan-out. */
export function createPolymarketService(core: SimCore, logger: Logger): PolymarketService {
  const rest = createPolymarketRest(core, logger);
  const gammaHandler = createGamma(core, logger);
  const wss = createWsServer();
  const market = createMarketChannel(core, logger);
  const user = createUserChannel(core, logger);
  const servers: Server[] = [];
  return {
    serversFor(endpoint) {
      const clob = createServer((req, res) => rest.handle(req, res, endpoint));
      const gamma = createServer(gammaHandler);
      const ws = createServer((_req, res) => res.writeHead(404).end());
      ws.on("upgrade", (req, socket, head) => {
        const path = new URL(req.url ?? "/", "http://sim.invalid").pathname;
        const channel = path === WS_MARKET_PATH ? market : path === WS_USER_PATH ? user : undefined;
        if (channel === undefined) {
          socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
          return;
        }
        core.advance();
        wss.handleUpgrade(req, socket, head, (s) => channel.accept(s, endpoint));
      });
      servers.push(clob, gamma, ws);
      return { clob, gamma, ws };
    },
    async close() {
      rest.close();
      market.close();
      user.close();
      wss.close();
      await Promise.all(servers.map(closeServer));
    },
  };
}
