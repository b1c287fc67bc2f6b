import type { VenueId } from "@arb/domain";
import type { Logger } from "pino";
import WebSocket from "ws";
import { type BackoffPolicy, computeBackoffMs } from "../backoff.js";
import type { VenueEventSink } from "../ports.js";
import { noteFrameArrival } from "./frame-arrival.js";

/** What a venue tells the one reconnecting socket; everything else (connect, watchdog, backoff) is shared. */
export interface ReconnectingSocketOptions {
  readonly venue: VenueId;
  /** Names the socket when a venue has several ("market", "user"): carried in `connection.changed.reason`. */
  readonly name?: string;
  readonly url: string;
  /** Handshake headers, computed again on every connect (a venue signature is valid for seconds only). */
  readonly headers?: () => Record<string, string>;
  /** Passed to `ws`: the largest frame accepted, the handshake timeout, whether to offer compression (ws's default: yes). */
  readonly maxPayload?: number;
  readonly handshakeTimeoutMs?: number;
  readonly perMessageDeflate?: boolean;
  /**
   * Heartbeat rules. Every frame and every protocol ping from the venue proves the socket alive; one silent for
   * `staleAfterMs` is killed (a half-open TCP socket looks open forever). The check runs every `checkEveryMs` and,
   * when `ping` is set, also sends that text keepalive (Polymarket's "PING").
   */
  readonly heartbeat: { readonly staleAfterMs: number; readonly checkEveryMs: number; readonly ping?: string };
  readonly backoff: BackoffPolicy;
  readonly now: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  readonly sink: VenueEventSink;
  /** Runs on every (re)connect once open: send (or replay) the subscriptions here. */
  readonly onOpen: (send: (text: string) => void) => void;
  /** One frame, as received; the socket never parses. */
  readonly onMessage: (data: Buffer, isBinary: boolean) => void;
  /** Runs when the connection is lost, before `closed` is reported and the reconnect scheduled. */
  readonly onDown: () => void;
}

function bufferOf(data: WebSocket.RawData): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * The one reconnecting socket under both venues (NautilusTrader's shared network crate): connect (with fresh
 * headers), watchdog, optional text keepalive, and reconnect with jittered exponential backoff; the venue's
 * `onOpen` replays its subscription set on each connect. It reports `connection.changed` and never reads frames.
 */
export class ReconnectingSocket {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private lastSeenMs = 0;
  private started = false;
  private closing = false;
  private watchdog: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly o: ReconnectingSocketOptions;

  constructor(options: ReconnectingSocketOptions) {
    this.o = options;
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.connect();
  }

  /** Sends when open; a frame sent while down is dropped (`onOpen` replays the state on reconnect). */
  send(text: string): void {
    if (this.isOpen) this.ws?.send(text);
  }

  /** Drops the connection now; it is made again after the backoff (the venue's state is lost: start over). */
  terminate(): void {
    this.ws?.terminate();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.watchdog);
    clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve());
      ws.terminate();
    });
  }

  private changed(state: "connecting" | "open" | "closed", reason?: string): void {
    const r = reason ?? this.o.name;
    this.o.sink({ kind: "connection.changed", venue: this.o.venue, state, attempt: this.attempt, ...(r !== undefined && r !== "" && { reason: r }) });
  }

  private connect(): void {
    const o = this.o;
    this.changed("connecting");
    const ws = new WebSocket(o.url, {
      ...(o.headers !== undefined && { headers: o.headers() }),
      ...(o.maxPayload !== undefined && { maxPayload: o.maxPayload }),
      ...(o.handshakeTimeoutMs !== undefined && { handshakeTimeout: o.handshakeTimeoutMs }),
      ...(o.perMessageDeflate !== undefined && { perMessageDeflate: o.perMessageDeflate }),
    });
    this.ws = ws;
    ws.on("open", () => {
      this.attempt = 0;
      this.lastSeenMs = o.now();
      this.changed("open");
      clearInterval(this.watchdog);
      this.watchdog = setInterval(() => this.check(), o.heartbeat.checkEveryMs);
      o.onOpen((text) => this.send(text));
    });
    ws.on("ping", () => {
      this.lastSeenMs = o.now();
    });
    ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
      noteFrameArrival();
      this.lastSeenMs = o.now();
      o.onMessage(bufferOf(data), isBinary);
    });
    ws.on("unexpected-response", (_req, res) => {
      o.logger.error({ venue: o.venue, socket: o.name, status: res.statusCode }, `${o.venue} websocket handshake refused`);
      ws.terminate();
    });
    ws.on("error", (err) => o.logger.warn({ venue: o.venue, socket: o.name, err: err.message }, `${o.venue} websocket error`));
    ws.on("close", (code, reason) => this.onClose(ws, code, reason.toString()));
  }

  private check(): void {
    const silentMs = this.o.now() - this.lastSeenMs;
    if (silentMs > this.o.heartbeat.staleAfterMs) {
      this.o.logger.warn({ venue: this.o.venue, socket: this.o.name, silentMs }, `${this.o.venue} websocket silent: reconnecting`);
      this.ws?.terminate();
      return;
    }
    if (this.o.heartbeat.ping !== undefined) this.send(this.o.heartbeat.ping);
  }

  private onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    this.o.onDown();
    this.changed("closed", this.o.name === undefined ? `${code} ${reason}`.trim() : `${this.o.name}:${code}`);
    if (this.closing) return;
    const delay = computeBackoffMs(this.attempt, this.o.backoff, this.o.random());
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }
}
