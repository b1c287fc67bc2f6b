import type { WebSocket } from "ws";
import type { SimCore } from "./core.js";

/**
 * Hands a frame to a client's socket: logged as suppressed while its venue is silent, else sent after `latencyMs`
 * (an injected fault). Stamped when it is handed to the socket — the send time of this connection's copy — and
 * logged after the send, so the record's encoding is not on the path it times.
 */
export function sendFrame(core: SimCore, silent: boolean, latencyMs: number, ws: WebSocket, text: string, where: Readonly<Record<string, unknown>>): void {
  if (silent) {
    core.log.append("frame.suppressed", core.clock(), { ...where, frame: text });
    return;
  }
  const write = () => {
    if (ws.readyState !== ws.OPEN) return;
    const sentAt = core.log.stamp();
    ws.send(text);
    core.log.append("frame.sent", core.clock(), { ...where, frame: text }, sentAt);
  };
  if (latencyMs > 0) setTimeout(write, latencyMs);
  else write();
}
