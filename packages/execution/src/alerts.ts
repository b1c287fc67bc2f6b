import { appendFileSync } from "node:fs";
import type { Logger } from "pino";
import { type AlertFormat, type AlertSeverity, type AlertTarget, alertPayload, atLeast } from "./alert-payload.js";
import type { Alert } from "./events.js";

export interface AlertSinkOptions {
  readonly logger: Logger;
  /** JSONL file, one alert per line; omitted = none. */
  readonly path?: string;
  /** Where each alert is POSTed (formats json, slack, discord); omitted = no webhook. Never logged: for Slack and
   *  Discord the URL is the credential. */
  readonly webhookUrl?: string | undefined;
  /** The body's shape (alert-payload.ts); default json, the Alert as is. */
  readonly format?: AlertFormat | undefined;
  /** Each call is abandoned after this long; default 2 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Alerts below this severity are not sent (the file and the log still get them); default warn: every alert. */
  readonly minSeverity?: AlertSeverity | undefined;
  /** Format telegram: the chat the bot writes to (a numeric id or @channel). */
  readonly telegramChatId?: string | undefined;
  /** Format telegram: the Bot API's base URL; default https://api.telegram.org. */
  readonly telegramApiUrl?: string | undefined;
  /** Format telegram: the bot's token, the whole credential (it is part of the request path), never logged. */
  readonly telegramBotToken?: string | undefined;
}

export interface AlertSink {
  raise(alert: Alert): void;
  /** Resolves when every webhook call started so far has finished. */
  flush(): Promise<void>;
}

/** A burst beyond this many calls in flight is not sent (the alerts still reach the file, the log and the ledger). */
const MAX_IN_FLIGHT = 32;

interface Webhook {
  readonly url: string;
  readonly target: AlertTarget;
}

/** The URL and payload target the options describe, or why they describe none that can be sent. */
function webhookOf(o: AlertSinkOptions): Webhook | string | undefined {
  const format = o.format ?? "json";
  if (format !== "telegram") return o.webhookUrl === undefined ? undefined : { url: o.webhookUrl, target: { format } };
  if (o.telegramChatId === undefined || o.telegramBotToken === undefined) return "format telegram needs a chat id and a bot token";
  const api = (o.telegramApiUrl ?? "https://api.telegram.org").replace(/\/+$/, "");
  return { url: `${api}/bot${o.telegramBotToken}/sendMessage`, target: { format, chatId: o.telegramChatId } };
}

/** What a failed call may say in a log line: the error's kind, never its text (which could carry the URL). */
function failureOf(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === "string" ? `${err.name} (${cause.code})` : err.name;
}

/**
 * Alerts go to a JSONL file (appended synchronously: an alert must survive a crash right after it), pino at warn /
 * error, and an optional webhook. The webhook call starts on a later turn of the event loop, off the trading path,
 * with a timeout; its failures are logged and never thrown, retried or awaited by the engine. The dashboard event
 * is the engine's.
 */
export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const inflight = new Set<Promise<void>>();
  const timeoutMs = options.timeoutMs ?? 2_000;
  const minSeverity = options.minSeverity ?? "warn";
  const webhook = webhookOf(options);
  const { logger } = options;
  if (typeof webhook === "string") logger.error({ format: options.format }, `alert webhook off: ${webhook}`);

  async function send(w: Webhook, alert: Alert): Promise<void> {
    try {
      const r = await fetch(w.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alertPayload(alert, w.target)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await r.body?.cancel();
      if (!r.ok) logger.warn({ status: r.status, kind: alert.kind, format: w.target.format }, "alert webhook refused");
    } catch (err) {
      logger.warn({ err: failureOf(err), kind: alert.kind, format: w.target.format, timeoutMs }, "alert webhook failed");
    }
  }

  return {
    raise(alert) {
      if (options.path !== undefined) appendFileSync(options.path, `${JSON.stringify(alert)}\n`);
      const log = alert.severity === "critical" ? logger.error.bind(logger) : logger.warn.bind(logger);
      log({ alert }, `alert: ${alert.kind}`);
      if (webhook === undefined || typeof webhook === "string" || !atLeast(alert.severity, minSeverity)) return;
      if (inflight.size >= MAX_IN_FLIGHT) {
        logger.warn({ kind: alert.kind, inFlight: inflight.size }, "alert webhook busy: alert not sent");
        return;
      }
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve)).then(() => send(webhook, alert)).finally(() => inflight.delete(p));
      inflight.add(p);
    },
    async flush() {
      await Promise.all([...inflight]);
    },
  };
}
