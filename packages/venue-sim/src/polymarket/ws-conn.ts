import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { SimCore } from "../runtime/core.js";

/**
 * The socket lifecycle both Polymarket channels share: connection and close records in the event log, text messages
 * handed on (each advances the simulation first), protocol pings answered unless the venue is silenced.
 */
export function attachPolymarketSocket(
  core: SimCore,
  ws: WebSocket,
  o: { readonly channel: "market" | "user"; readonly conn: number; readonly logger: Logger; onText(text: string): void; onClose(): void },
): void {
  const where = { venue: "polymarket", channel: o.channel, conn: o.conn };
  core.log.append("ws.connected", core.clock(), where);
  ws.on("message", (data, isBinary) => {
    core.advance();
    if (!isBinary) o.onText(String(data));
  });
  ws.on("ping", (data) => {
    if (core.polymarketKnobs.silent) core.log.append("frame.suppressed", core.clock(), { ...where, frame: "pong" });
    else ws.pong(data);
  });
  ws.on("close", () => {
    o.onClose();
    core.log.append("ws.closed", core.clock(), where);
  });
  ws.on("error", (err) => o.logger.warn({ err, conn: o.conn }, `polymarket ${o.channel} ws error`));
}
