import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type AlertSinkOptions, createAlertSink } from "./alerts.js";
import type { Alert } from "./events.js";

/** The webhook end to end: the real sink POSTing to a loopback HTTP server that stands in for each service. */

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.end("ok"),
): Promise<{ base: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(text) });
      handler(req, res);
    });
  });
  const s = server;
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, received };
}

function logs(): { logger: pino.Logger; text: () => string } {
  const lines: string[] = [];
  const out = new Writable({
    write(c: Buffer, _e, cb) {
      lines.push(c.toString());
      cb();
    },
  });
  return { logger: pino({ level: "debug" }, out), text: () => lines.join("") };
}

const alert = (severity: Alert["severity"], message = "3 NO contracts unmatched; resolving"): Alert => ({
  kind: severity === "critical" ? "exposure.residual" : "leg.unhedged",
  severity,
  tsMs: Date.UTC(2026, 11, 6, 11, 0, 0),
  pair: 2,
  exposureHundredths: 300,
  exposureMicros: 1_350_000,
  message,
});

async function raiseAll(options: Omit<AlertSinkOptions, "logger">, alerts: readonly Alert[]) {
  const l = logs();
  const sink = createAlertSink({ logger: l.logger, ...options });
  for (const a of alerts) sink.raise(a);
  await sink.flush();
  return l;
}

describe("alert webhook (loopback server)", () => {
  it("posts the engine's Alert as JSON by default", async () => {
    const { base, received } = await listen();
    await raiseAll({ webhookUrl: `${base}/hook` }, [alert("warn")]);
    expect(received).toEqual([{ path: "/hook", contentType: "application/json", body: alert("warn") }]);
  });

  it("posts Slack's {text} and Discord's {content}, only alerts at or above minSeverity", async () => {
    const { base, received } = await listen();
    await raiseAll({ webhookUrl: `${base}/services/T0/B0/x`, format: "slack", minSeverity: "critical" }, [alert("warn"), alert("critical")]);
    await raiseAll({ webhookUrl: `${base}/api/webhooks/1/y`, format: "discord" }, [alert("warn")]);
    expect(received.map((r) => [r.path, Object.keys(r.body as object)])).toEqual([
      ["/services/T0/B0/x", ["text"]],
      ["/api/webhooks/1/y", ["content", "allowed_mentions"]],
    ]);
    expect(received[0]?.body).toEqual({ text: expect.stringMatching(/^CRITICAL exposure\.residual: /) });
  });

  it("calls Telegram's sendMessage with the chat id and the token from the options, and logs neither URL nor token", async () => {
    const token = "123456:SECRET-token_xyz";
    const { base, received } = await listen((_q, res) => res.writeHead(401).end('{"ok":false}'));
    const l = await raiseAll({ format: "telegram", telegramApiUrl: `${base}/`, telegramChatId: "-100777", telegramBotToken: token }, [alert("critical")]);
    expect(received).toMatchObject([{ path: `/bot${token}/sendMessage`, body: { chat_id: "-100777", text: expect.stringMatching(/^CRITICAL /) } }]);
    expect(l.text()).toContain("alert webhook refused");
    expect(l.text()).not.toContain("SECRET");
    expect(l.text()).not.toContain(base);
  });

  it("a webhook that never answers is abandoned after timeoutMs; raise never throws or waits", async () => {
    const { base } = await listen(() => undefined);
    const l = logs();
    const sink = createAlertSink({ logger: l.logger, webhookUrl: `${base}/slow/secret-path`, timeoutMs: 150 });
    const t0 = Date.now();
    sink.raise(alert("critical"));
    expect(Date.now() - t0).toBeLessThan(50);
    await sink.flush();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(l.text()).toMatch(/"err":"TimeoutError".*alert webhook failed/);
    expect(l.text()).not.toContain("secret-path");
  });

  it("a refused connection is logged, not thrown; telegram without a token sends nothing and says so once", async () => {
    const { base } = await listen();
    const port = new URL(base).port;
    server?.close();
    const down = await raiseAll({ webhookUrl: `http://127.0.0.1:${port}/x` }, [alert("warn")]);
    expect(down.text()).toContain("alert webhook failed");
    const off = await raiseAll({ format: "telegram", telegramChatId: "1" }, [alert("critical"), alert("critical")]);
    expect(off.text().match(/alert webhook off: format telegram needs a chat id and a bot token/g)).toHaveLength(1);
  });
});
