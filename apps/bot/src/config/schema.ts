import { ExecutionConfig } from "@arb/execution";
import { z } from "zod";

/** Which world the bot trades in. simulator: embedded venue sim, throwaway accounts. paper: live market data, fills
 *  simulated by the paper venue. live: real orders with real money. */
const Mode = z.enum(["simulator", "paper", "live"]);

const KalshiPreset = z.enum(["production", "demo", "simulator"]);
const PolymarketPreset = z.enum(["production", "simulator"]);

const url = z.url({ error: "an absolute URL such as https://host/path" });
const port = z.number().int().min(0).max(65_535);

/** Names that would put a secret into the config file; secrets come from the environment or key files only. */
const SECRET_KEYS = ["privateKey", "privateKeyPem", "secret", "passphrase", "apiSecret", "token", "password", "botToken", "telegramBotToken"] as const;

/** Fields allowed in the file whose value still grants access on its own (a Slack or Discord webhook URL posts to
 *  the channel): an error message names the field, never its value. */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set(["webhookUrl"]);

const kalshi = z
  .object({
    preset: KalshiPreset.default("production"),
    restUrl: url.optional(),
    wsUrl: url.optional(),
    /** Not secret on its own (it names the key); the key itself comes from ARB_KALSHI_PRIVATE_KEY_PATH. */
    keyId: z.string().min(1).optional(),
    privateKeyPath: z.string().min(1).optional(),
    tier: z.enum(["basic", "advanced", "premier", "prime"]).default("basic"),
  })
  .strict();

const polymarket = z
  .object({
    preset: PolymarketPreset.default("production"),
    urls: z.object({ clob: url, gamma: url, wsMarket: url, wsUser: url }).partial().strict().default({}),
    privateKeyPath: z.string().min(1).optional(),
    signatureType: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    funderAddress: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, "a 0x-prefixed 20-byte address")
      .optional(),
  })
  .strict();

/**
 * Where alerts go besides the ledger, the log and the dashboard: one webhook, its payload shaped for a program (json:
 * the engine's Alert) or a chat (slack, discord, telegram). Defaults are the alert sink's (@arb/execution alerts.ts);
 * the Telegram bot token comes only from ARB_TELEGRAM_BOT_TOKEN.
 */
const alerts = z
  .object({
    /** json / slack / discord: the URL each alert is POSTed to (ARB_ALERTS__WEBHOOK_URL keeps it out of the file). */
    webhookUrl: url.optional(),
    format: z.enum(["json", "slack", "discord", "telegram"]).optional(),
    /** One call is abandoned after this long (ms); the engine never waits for it. */
    timeoutMs: z.number().int().positive().max(60_000).optional(),
    /** Alerts below this severity stay in the ledger and the log only. */
    minSeverity: z.enum(["warn", "critical"]).optional(),
    /** telegram: the chat the bot writes to, a numeric id (YAML may give it as a number) or @channelname. */
    telegramChatId: z
      .union([z.number().int(), z.string().regex(/^(-?\d+|@\w{5,})$/, "a numeric chat id or @channelname")])
      .transform(String)
      .optional(),
    /** telegram: the Bot API's base URL (a self-hosted Bot API server or a proxy). */
    telegramApiUrl: url.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const format = a.format ?? "json";
    const problem = (field: keyof typeof a, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (format === "telegram") {
      if (a.telegramChatId === undefined) problem("telegramChatId", "format telegram needs the chat id to write to");
      if (a.webhookUrl !== undefined) problem("webhookUrl", "format telegram posts to the Bot API (telegramApiUrl), not to a webhook URL");
      return;
    }
    if ((format === "slack" || format === "discord") && a.webhookUrl === undefined)
      problem("webhookUrl", `format ${format} needs the webhook URL (or ARB_ALERTS__WEBHOOK_URL)`);
    for (const f of ["telegramChatId", "telegramApiUrl"] as const) if (a[f] !== undefined) problem(f, "only used with format telegram");
  });

export const Config = z
  .object({
    mode: Mode.default("simulator"),
    /** Detect and log the orders it would send, send none. */
    dryRun: z.boolean().default(false),
    /** Simulator mode: a scenario file for the embedded simulator (default: the venue-sim default scenario). */
    scenario: z.string().min(1).optional(),
    /** Simulator mode: attach to a simulator running in its own process (its admin URL) instead of embedding one;
     *  the venue URLs then come from venues.kalshi.restUrl / wsUrl and venues.polymarket.urls. */
    simulatorAdminUrl: url.optional(),
    venues: z
      .object({ kalshi: kalshi.prefault({}), polymarket: polymarket.prefault({}) })
      .strict()
      .prefault({}),
    discovery: z
      .object({
        leagues: z
          .array(z.string().regex(/^[a-z0-9-]+$/, "a league file name such as nba or laliga"))
          .min(1)
          .optional(),
        /** Non-interactive discovery accepts a pair only at or above this score (0..1). */
        minConfidence: z.number().min(0).max(1).default(0.9),
        /** Kalshi and Polymarket start times further apart than this are different games. */
        dateWindowMinutes: z.number().int().positive().max(2_880).default(360),
        includeSpreadsTotalsProps: z.boolean().default(false),
        mappingFile: z.string().min(1).default("arb-pairs.json"),
      })
      .strict()
      .prefault({}),
    trading: z
      .object({
        /** Smallest edge worth taking after fees, in 1/10 000 $ per contract. */
        minEdgeUnits: z.number().int().min(0).max(5_000).default(50),
        /** Simulator accounts start with this balance, in 1e-6 $. */
        simulatorBalanceMicros: z.number().int().positive().default(10_000_000_000),
        /**
         * "refuse": a book held in a state that cannot exist (crossed: on Kalshi YES bid + NO bid ≥ $1; on Polymarket a
         * token's bid ≥ its ask, or one token's ask below $1 − the other's bid) is not traded until a frame mends it.
         * Both venues match YES and NO on one book, so a same-market arb only ever shows on such a book. "off" trades
         * whatever the feed shows.
         */
        bookConsistency: z.enum(["refuse", "off"]).default("refuse"),
        /** The detection core: Wasm SIMD (the default), or the same rules in Wasm scalar or the TypeScript twin (for comparisons). */
        core: z.enum(["wasm-simd", "wasm-scalar", "ts-twin"]).default("wasm-simd"),
      })
      .strict()
      .prefault({}),
    dashboard: z
      .object({
        refreshMs: z.number().int().min(50).max(10_000).default(250),
        web: z
          .object({
            enabled: z.boolean().default(true),
            host: z.string().min(1).default("127.0.0.1"),
            port: port.default(8787),
            /** Host names, besides the bound address, that browsers may use to reach the dashboard (a reverse proxy's
             *  name): requests naming any other host, or coming from a page of any other origin, are refused. */
            publicNames: z
              .array(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/, "a host name such as dash.example.com (no scheme, no port)"))
              .default([]),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Every limit of the execution engine (risk, sizing, breaker, resolve loss, timeouts), defaults as defined there. */
    execution: ExecutionConfig.prefault({}),
    alerts: alerts.prefault({}),
    ledgerPath: z.string().min(1).default("arb-ledger.sqlite"),
    eventLogPath: z.string().min(1).optional(),
    /** The decision tape (@arb/execution shell/tape.ts): one JSON line per engine step, for `bot replay --tape`. Off by
     *  default; appended to, so one file can hold several runs. */
    tapePath: z.string().min(1).optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .strict();

export type Config = z.output<typeof Config>;
export type ConfigInput = z.input<typeof Config>;

/** Paths in a raw config object whose key names a secret; checked before parsing so the error says why. */
export function findSecretKeys(value: unknown, path: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const found: (string | number)[][] = [];
  for (const [k, v] of Object.entries(value)) {
    if ((SECRET_KEYS as readonly string[]).includes(k)) found.push([...path, k]);
    found.push(...findSecretKeys(v, [...path, k]));
  }
  return found;
}
