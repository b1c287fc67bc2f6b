import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { SimCore } from "../runtime/core.js";

/**
 * The socket lifecycle both Polymarket channels share: connection and close records in the event log, text `PING`
 * answered through `pong` (the channel's own send, which honours silence), other text parsed as JSON and handed on
 * (each message advances the simulation first; unreadable ones are logged without their text, which on the user
 * channel carries API credentials), protocol pings answered unless the venue is silenced.
 */
export function attachPolymarketSocket(
  core: SimCore,
  ws: WebSocket,
  o: {
    readonly channel: "market" | "user";
    readonly conn: number;
    /** The endpoint label of the client. */
    readonly client: string;
    readonly logger: Logger;
    pong(): void;
    onJson(json: unknown): void;
    onClose(): void;
  },
): void {
  const where = { venue: "polymarket", channel: o.channel, client: o.client, conn: o.conn };
  core.log.append("ws.connected", core.clock(), where);
  ws.on("message", (data, isBinary) => {
    core.advance();
    if (isBinary) return;
    const text = String(data);
    if (text === "PING") return o.pong();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      o.logger.warn({ conn: o.conn, bytes: text.length }, `polymarket ${o.channel} channel: unreadable message dropped`);
      return;
    }
    o.onJson(json);
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
