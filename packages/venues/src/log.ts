import { type DestinationStream, type Logger, pino } from "pino";

/** Every place a secret can sit in a logged object: key material, signatures and auth headers, at any depth we log. */
export const REDACT_PATHS = [
  "privateKeyPem",
  "*.privateKeyPem",
  "*.*.privateKeyPem",
  "privateKey",
  "*.privateKey",
  "*.*.privateKey",
  'headers["KALSHI-ACCESS-SIGNATURE"]',
  '*.headers["KALSHI-ACCESS-SIGNATURE"]',
  '*["KALSHI-ACCESS-SIGNATURE"]',
  '*["kalshi-access-signature"]',
  "secret",
  "*.secret",
  "passphrase",
  "*.passphrase",
];

/** Truncated sample of a bad frame for logs and events (never the whole payload: frames can be megabytes). */
export function sampleOf(raw: string, max = 160): string {
  return raw.length <= max ? raw : `${raw.slice(0, max)}…(${raw.length} chars)`;
}

export function createVenueLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const opts = { level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  return options.destination === undefined ? pino(opts) : pino(opts, options.destination);
}
