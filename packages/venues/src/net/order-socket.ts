import dc from "node:diagnostics_channel";
import net from "node:net";
import tls from "node:tls";
import { type Http1Response, ResponseParser, requestText } from "./http1.js";

/**
 * The order path's own HTTP/1.1 connections to one venue origin: a few sockets dialled ahead and kept warm, and a
 * request written with one `socket.write` in the caller's turn. An HTTP pool queues the write to a later turn of the
 * event loop (~100 µs on loopback, more under load, after whatever else that turn does); an arb's two orders are
 * written here before the function that sends them returns. One request at a time per socket, no pipelining: a
 * connection that dies under an order leaves its fate unknown (the caller looks the order up), never a second order.
 */

export interface OrderSocketOptions {
  /** `https://host[:port]` or `http://host[:port]` (the simulator). */
  readonly origin: string;
  /** Warm connections kept (each carries one request at a time). */
  readonly connections: number;
  /** A connection idle this long is replaced before the venue's keep-alive timeout can close it under a write. */
  readonly maxIdleMs: number;
  readonly timeoutMs: number;
  readonly now: () => number;
}

/**
 * Why a request failed, as a coded error the venues' transport-failure rules read: UNREACHABLE before anything was
 * written (nothing can have reached the venue); TIMEOUT, CONNECTION (lost under the request) and PROTOCOL (an answer
 * that cannot be read) after the write, when the order's fate is unknown.
 */
class OrderSocketFailure extends Error {
  constructor(
    readonly code: "ORDER_SOCKET_UNREACHABLE" | "ORDER_SOCKET_TIMEOUT" | "ORDER_SOCKET_CONNECTION" | "ORDER_SOCKET_PROTOCOL",
    message: string,
  ) {
    super(message);
  }
}

/** Published when a request's bytes are handed to the socket (the same moment as undici's `sendHeaders`). */
export const ORDER_WRITTEN_CHANNEL = "arb:order-socket:written";
const written = dc.channel(ORDER_WRITTEN_CHANNEL);

interface Conn {
  readonly socket: net.Socket;
  readonly parser: ResponseParser;
  ready: boolean;
  idleSinceMs: number;
  pending: { resolve: (r: Http1Response) => void; reject: (e: OrderSocketFailure) => void; timer: NodeJS.Timeout } | undefined;
}

export class OrderSocketPool {
  private readonly url: URL;
  private readonly host: string;
  private readonly conns = new Set<Conn>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: OrderSocketOptions) {
    this.url = new URL(o.origin);
    if (this.url.protocol !== "https:" && this.url.protocol !== "http:") throw new RangeError(`order socket origin must be http(s), got ${o.origin}`);
    this.host = this.url.host;
  }

  /** Dials the warm connections (idempotent): a client does it on its first request of any kind, not when built. */
  start(): void {
    if (this.timer !== undefined || this.closed) return;
    this.fill();
    this.timer = setInterval(() => this.refresh(), Math.max(250, Math.floor(this.o.maxIdleMs / 2)));
    this.timer.unref();
  }

  /** Writes the request at once on a warm idle connection (or on a new one when none is free) and resolves its answer. */
  request(method: string, path: string, headers: ReadonlyArray<readonly [string, string]>, body: string): Promise<Http1Response> {
    this.start();
    const text = requestText(method, path, this.host, headers, body);
    const idle = this.idle();
    if (idle !== undefined) return this.send(idle, text, method, path);
    const c = this.dial();
    return new Promise((resolve, reject) => {
      c.socket.once(this.url.protocol === "https:" ? "secureConnect" : "connect", () => this.send(c, text, method, path).then(resolve, reject));
      c.socket.once("error", (e) => reject(new OrderSocketFailure("ORDER_SOCKET_UNREACHABLE", e.message)));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const c of this.conns) c.socket.destroy();
    this.conns.clear();
  }

  private idle(): Conn | undefined {
    const now = this.o.now();
    for (const c of this.conns) if (c.ready && c.pending === undefined && now - c.idleSinceMs < this.o.maxIdleMs) return c;
    return undefined;
  }

  private send(c: Conn, text: string, method: string, path: string): Promise<Http1Response> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        c.pending = undefined;
        this.drop(c);
        reject(new OrderSocketFailure("ORDER_SOCKET_TIMEOUT", `no answer within ${this.o.timeoutMs} ms`));
      }, this.o.timeoutMs);
      c.pending = { resolve, reject, timer };
      c.socket.write(text);
      if (written.hasSubscribers) written.publish({ method, path });
    });
  }

  private dial(): Conn {
    const port = Number(this.url.port || (this.url.protocol === "https:" ? 443 : 80));
    const hostname = this.url.hostname;
    const socket =
      this.url.protocol === "https:"
        ? tls.connect({ host: hostname, port, servername: hostname, ALPNProtocols: ["http/1.1"] })
        : net.connect({ host: hostname, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    const c: Conn = { socket, parser: new ResponseParser(), ready: false, idleSinceMs: this.o.now(), pending: undefined };
    this.conns.add(c);
    socket.once(this.url.protocol === "https:" ? "secureConnect" : "connect", () => {
      c.ready = true;
      c.idleSinceMs = this.o.now();
    });
    socket.on("data", (d: Buffer) => this.onData(c, d));
    socket.on("error", () => this.drop(c));
    socket.on("close", () => this.drop(c));
    return c;
  }

  private onData(c: Conn, d: Buffer): void {
    let answers: Http1Response[];
    try {
      answers = c.parser.push(d);
    } catch (e) {
      this.fail(c, new OrderSocketFailure("ORDER_SOCKET_PROTOCOL", (e as Error).message));
      return;
    }
    for (const a of answers) {
      const p = c.pending;
      if (p === undefined) {
        this.fail(c, new OrderSocketFailure("ORDER_SOCKET_PROTOCOL", "an answer nobody asked for"));
        return;
      }
      clearTimeout(p.timer);
      c.pending = undefined;
      c.idleSinceMs = this.o.now();
      p.resolve(a);
      if (a.headers["connection"]?.toLowerCase() === "close") this.drop(c);
    }
  }

  private fail(c: Conn, e: OrderSocketFailure): void {
    const p = c.pending;
    c.pending = undefined;
    if (p !== undefined) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.drop(c);
  }

  /** A connection gone: its request (if any) fails as a lost connection, and a fresh one takes its place. */
  private drop(c: Conn): void {
    if (!this.conns.delete(c)) return;
    const p = c.pending;
    c.pending = undefined;
    if (p !== undefined) {
      clearTimeout(p.timer);
      p.reject(new OrderSocketFailure("ORDER_SOCKET_CONNECTION", "connection closed before the answer"));
    }
    c.socket.destroy();
    this.fill();
  }

  private fill(): void {
    if (this.closed) return;
    while (this.conns.size < this.o.connections) this.dial();
  }

  /** Idle connections near the keep-alive limit are replaced by fresh ones before a write can meet a closing socket. */
  private refresh(): void {
    const now = this.o.now();
    for (const c of [...this.conns]) if (c.ready && c.pending === undefined && now - c.idleSinceMs >= this.o.maxIdleMs) this.drop(c);
  }
}
