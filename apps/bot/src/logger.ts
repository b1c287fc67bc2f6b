import { REDACT_PATHS } from "@arb/venues";
import { type Logger, type LoggerOptions, pino } from "pino";

const REDACT = [
  ...REDACT_PATHS,
  "secrets",
  "*.privateKeyPem",
  "token",
  "*.token",
  "webhookUrl",
  "*.webhookUrl",
  "*.*.webhookUrl",
  "telegramBotToken",
  "*.telegramBotToken",
  "*.*.telegramBotToken",
];

/**
 * pino writes a child's bindings and then the call's own fields, so a field given both ways (`logger.child({ venue })`
 * handed to a client that also logs `{ venue }`) would appear twice in one JSON line — which many readers refuse or
 * read as the last one. The call's copy of a field the child already binds to the same value is dropped.
 */
function withoutBoundFields(this: Logger, args: Parameters<Logger["info"]>, method: Logger["info"]): void {
  const first: unknown = args[0];
  if (typeof first === "object" && first !== null && !(first instanceof Error)) {
    const bound = this.bindings();
    let own: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(bound)) {
      if (Object.hasOwn(first, k) && (first as Record<string, unknown>)[k] === v) {
        own ??= { ...(first as Record<string, unknown>) };
        delete own[k];
      }
    }
    if (own !== undefined) {
      method.apply(this, [own, ...args.slice(1)] as Parameters<Logger["info"]>);
      return;
    }
  }
  method.apply(this, args);
}

/** The bot's JSON logger: secrets redacted, no key repeated in a line; to stdout, or to a file when a TTY shows the
 *  dashboard. */
export function botLogger(level: string, toFile: string | undefined): Logger {
  const opts: LoggerOptions = { level, redact: { paths: REDACT, censor: "[redacted]" }, hooks: { logMethod: withoutBoundFields } };
  return toFile === undefined ? pino(opts) : pino(opts, pino.destination({ dest: toFile, sync: false, mkdir: true }));
}
