import { type Server, createServer } from "node:http";
import type { Logger } from "pino";
import type { SimCore } from "../runtime/core.js";
import type { PolymarketFlavor } from "./frames.js";
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
  close(): Promise<void>;
}

const closeServer = (s: Server): Promise<void> =>
  new Promise((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

/** Three hosts as the venue splits them, each on its own loopback port. */
export function createPolymarketServers(core: SimCore, flavor: PolymarketFlavor, logger: Logger): PolymarketServers {
  const rest = createPolymarketRest(core, logger);
  const clob = createServer((req, res) => rest.handle(req, res));
  const gamma = createServer(createGamma(core, logger));
  const wss = createWsServer();
  const market = createMarketChannel(core, flavor, logger);
  const user = createUserChannel(core, logger);
  const ws = createServer((_req, res) => res.writeHead(404).end());
  ws.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://sim.invalid").pathname;
    const channel = path === WS_MARKET_PATH ? market : path === WS_USER_PATH ? user : undefined;
    if (channel === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      return;
    }
    core.advance();
    wss.handleUpgrade(req, socket, head, (s) => channel.accept(s));
  });
  return {
    clob,
    gamma,
    ws,
    async close() {
      rest.close();
      market.close();
      user.close();
      wss.close();
      await Promise.all([closeServer(clob), closeServer(gamma), closeServer(ws)]);
    },
  };
}
