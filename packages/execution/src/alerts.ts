import { appendFileSync } from "node:fs";
import type { Logger } from "pino";
import type { Alert } from "./events.js";

export interface AlertSinkOptions {
  readonly logger: Logger;
  /** JSONL file, one alert per line; omitted = none. */
  readonly path?: string;
  /** POSTed the alert as JSON; failures are logged, never retried into the trading path. */
  readonly webhookUrl?: string;
  readonly webhookTimeoutMs?: number;
}

export interface AlertSink {
  raise(alert: Alert): void;
  /** Resolves when every webhook call started so far has finished. */
  flush(): Promise<void>;
}

/**
 * Alerts go to a JSONL file (appended synchronously: an alert must survive a crash right after it), pino at warn /
 * error, and an optional webhook sent off the trading path with a timeout. The dashboard event is the engine's.
 */
export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const inflight = new Set<Promise<void>>();
  const timeoutMs = options.webhookTimeoutMs ?? 2_000;
  return {
    raise(alert) {
      if (options.path !== undefined) appendFileSync(options.path, `${JSON.stringify(alert)}\n`);
      const log = alert.severity === "critical" ? options.logger.error.bind(options.logger) : options.logger.warn.bind(options.logger);
      log({ alert }, `alert: ${alert.kind}`);
      const url = options.webhookUrl;
      if (url === undefined) return;
      const p = fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alert),
        signal: AbortSignal.timeout(timeoutMs),
      })
        .then(async (r) => {
          await r.body?.cancel();
          if (!r.ok) options.logger.warn({ status: r.status, kind: alert.kind }, "alert webhook refused");
        })
        .catch((err: unknown) => options.logger.warn({ err: String(err), kind: alert.kind }, "alert webhook failed"))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
    async flush() {
      await Promise.all([...inflight]);
    },
  };
}
