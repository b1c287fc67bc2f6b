import http from "node:http";
import net from "node:net";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Http1ParseError, ResponseParser, requestText } from "./http1.js";

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const value = fc.stringMatching(/^[ -~]{0,40}$/).map((v) => v.trim());
const response = fc.record({
  status: fc.constantFrom(200, 201, 400, 404, 429, 500),
  headers: fc
    .uniqueArray(fc.tuple(token, value), { selector: ([k]) => k, maxLength: 5 })
    .map((hs) => hs.filter(([k]) => k !== "content-length" && k !== "transfer-encoding")),
  body: fc.string({ maxLength: 300 }),
  chunked: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 64 }),
});

function serialize(r: { status: number; headers: [string, string][]; body: string; chunked: boolean; chunk: number }): Buffer {
  const body = Buffer.from(r.body, "utf8");
  let head = `HTTP/1.1 ${r.status} X\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}`;
  if (!r.chunked) return Buffer.concat([Buffer.from(`${head}Content-Length: ${body.length}\r\n\r\n`), body]);
  head += "Transfer-Encoding: chunked\r\n\r\n";
  const parts: Buffer[] = [Buffer.from(head)];
  for (let i = 0; i < body.length; i += r.chunk) {
    const c = body.subarray(i, i + r.chunk);
    parts.push(Buffer.from(`${c.length.toString(16)};x=1\r\n`), c, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\ntrailer: t\r\n\r\n"));
  return Buffer.concat(parts);
}

describe("HTTP/1.1 response parser", () => {
  it("reads any sequence of responses back to back, however the bytes are split", () => {
    fc.assert(
      fc.property(
        fc.array(response, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (rs, cuts) => {
          const bytes = Buffer.concat(rs.map(serialize));
          const p = new ResponseParser();
          const got = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            got.push(...p.push(bytes.subarray(at, at + n)));
            at += n;
          }
          expect(got.map((g) => ({ status: g.status, body: g.body }))).toEqual(rs.map((r) => ({ status: r.status, body: r.body })));
          for (const [i, r] of rs.entries()) for (const [k, v] of r.headers) expect(got[i]?.headers[k]).toBe(v);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads what a Node HTTP server writes on a kept-alive connection, and Node's server reads what it writes", async () => {
    const seen: Array<{ method: string | undefined; url: string | undefined; body: string; type: string | undefined }> = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, body, type: req.headers["content-type"] });
        if (req.url === "/chunked") {
          res.write("part one, ");
          res.end("part two");
        } else res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ echo: body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect(port, "127.0.0.1");
    const parser = new ResponseParser();
    const answers: ReturnType<ResponseParser["push"]> = [];
    socket.on("data", (d: Buffer) => answers.push(...parser.push(d)));
    await new Promise((r) => socket.once("connect", r));
    socket.write(requestText("POST", "/order?x=1", `127.0.0.1:${port}`, [["content-type", "application/json"]], '{"size":"10.00","é":1}'));
    socket.write(requestText("POST", "/chunked", `127.0.0.1:${port}`, [], ""));
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    socket.destroy();
    server.close();
    expect(seen[0]).toEqual({ method: "POST", url: "/order?x=1", body: '{"size":"10.00","é":1}', type: "application/json" });
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [201, JSON.stringify({ echo: '{"size":"10.00","é":1}' })],
      [200, "part one, part two"],
    ]);
  });

  it("refuses what it cannot frame: a bad status line, or a body only the connection's end would delimit", () => {
    expect(() => new ResponseParser().push(Buffer.from("HTTP/2 200\r\n\r\n"))).toThrow(Http1ParseError);
    expect(() => new ResponseParser().push(Buffer.from("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nbody"))).toThrow(Http1ParseError);
    expect(() => requestText("POST", "/", "h", [["x", "a\r\nb"]], "")).toThrow(RangeError);
  });
});
