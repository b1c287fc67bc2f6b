/**
 * HTTP/1.1 on a kept-alive socket for the order path, the two halves that need no socket: the request bytes (one
 * string, written with one `socket.write`) and an incremental response parser (status, headers, a body by
 * Content-Length or chunked encoding, several responses back to back). Nothing here reads a clock or does I/O.
 */

export interface Http1Response {
  readonly status: number;
  /** Header names in lower case; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function requestText(method: string, path: string, host: string, headers: ReadonlyArray<readonly [string, string]>, body: string): string {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [k, v] of headers) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new RangeError(`header ${k} carries a line break`);
    head += `${k}: ${v}\r\n`;
  }
  return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

export class Http1ParseError extends Error {}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
/** Larger heads are refused: an order answer's headers are a few hundred bytes. */
const MAX_HEAD_BYTES = 64 * 1024;

type Body = { readonly kind: "length"; left: number } | { readonly kind: "chunked"; size: number | undefined } | { readonly kind: "none" };

/** Feeds bytes in, gets whole responses out; a parse error means the connection must be dropped. */
export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private status = 0;
  private headers: Record<string, string> = {};
  private body: Body | undefined;
  private parts: Buffer[] = [];

  push(chunk: Buffer): Http1Response[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Http1Response[] = [];
    for (;;) {
      const r = this.body === undefined ? this.readHead() : this.readBody();
      if (r === undefined) return out;
      if (r !== true) out.push(r);
    }
  }

  /** Parses the status line and headers; true when the body comes next, undefined when more bytes are needed. */
  private readHead(): true | Http1Response | undefined {
    const end = this.buf.indexOf(HEAD_END);
    if (end < 0) {
      if (this.buf.length > MAX_HEAD_BYTES) throw new Http1ParseError("response head too large");
      return undefined;
    }
    const lines = this.buf.subarray(0, end).toString("latin1").split("\r\n");
    this.buf = this.buf.subarray(end + HEAD_END.length);
    const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? "");
    if (m === null) throw new Http1ParseError(`bad status line: ${(lines[0] ?? "").slice(0, 80)}`);
    this.status = Number(m[1]);
    this.headers = {};
    for (const line of lines.slice(1)) {
      const at = line.indexOf(":");
      if (at <= 0) throw new Http1ParseError(`bad header line: ${line.slice(0, 80)}`);
      this.headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
    const te = this.headers["transfer-encoding"];
    const cl = this.headers["content-length"];
    if (this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200)) this.body = { kind: "none" };
    else if (te?.toLowerCase().includes("chunked")) this.body = { kind: "chunked", size: undefined };
    else if (cl !== undefined && /^\d+$/.test(cl)) this.body = { kind: "length", left: Number(cl) };
    // A response delimited by the connection closing would tie this socket up: the order path does not accept one.
    else throw new Http1ParseError("response without Content-Length or chunked encoding");
    return true;
  }

  private readBody(): Http1Response | undefined {
    const b = this.body as Body;
    if (b.kind === "length") {
      const take = Math.min(b.left, this.buf.length);
      if (take > 0) {
        this.parts.push(this.buf.subarray(0, take));
        this.buf = this.buf.subarray(take);
        b.left -= take;
      }
      return b.left === 0 ? this.finish() : undefined;
    }
    if (b.kind === "none") return this.finish();
    for (;;) {
      if (b.size === undefined) {
        const eol = this.buf.indexOf(CRLF);
        if (eol < 0) return undefined;
        const size = Number.parseInt(this.buf.subarray(0, eol).toString("latin1").split(";")[0] ?? "", 16);
        if (!Number.isFinite(size) || size < 0) throw new Http1ParseError("bad chunk size");
        this.buf = this.buf.subarray(eol + CRLF.length);
        b.size = size;
      }
      if (b.size === 0) {
        // The last chunk: trailers (ignored) up to an empty line.
        const end = this.buf.indexOf(CRLF);
        if (end < 0) return undefined;
        if (end === 0) {
          this.buf = this.buf.subarray(CRLF.length);
          return this.finish();
        }
        this.buf = this.buf.subarray(end + CRLF.length);
        continue;
      }
      if (this.buf.length < b.size + CRLF.length) return undefined;
      this.parts.push(this.buf.subarray(0, b.size));
      this.buf = this.buf.subarray(b.size + CRLF.length);
      b.size = undefined;
    }
  }

  private finish(): Http1Response {
    const r = { status: this.status, headers: this.headers, body: Buffer.concat(this.parts).toString("utf8") };
    this.body = undefined;
    this.parts = [];
    return r;
  }
}
