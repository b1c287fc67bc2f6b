import type { Alert } from "./events.js";

/**
 * What an alert webhook receives, per chat service. Pure: the alert in, the JSON body out; sending is alerts.ts.
 * json: the engine's Alert as is (for a program). slack: an incoming webhook's `{text}`. discord: a webhook's
 * `{content}`. telegram: the Bot API's sendMessage `{chat_id, text}`.
 */
export type AlertFormat = "json" | "slack" | "discord" | "telegram";
export type AlertSeverity = Alert["severity"];
/** A payload format and what it needs besides the alert: Telegram's message goes to one chat. */
export type AlertTarget = { readonly format: Exclude<AlertFormat, "telegram"> } | { readonly format: "telegram"; readonly chatId: string };

/** Longest text each service takes in one message (Discord 2 000 characters, Telegram 4 096, Slack 40 000). */
const MAX_TEXT: Readonly<Record<Exclude<AlertFormat, "json">, number>> = { slack: 40_000, discord: 2_000, telegram: 4_096 };

/** Micros as dollars to the cent, rounded half away from zero, without floats. */
function dollars(micros: number): string {
  const abs = Math.abs(micros);
  const cents = (abs - (abs % 10_000)) / 10_000 + (abs % 10_000 >= 5_000 ? 1 : 0);
  return `${micros < 0 && cents > 0 ? "-" : ""}$${(cents - (cents % 100)) / 100}.${String(cents % 100).padStart(2, "0")}`;
}

/** Hundredths of a contract as contracts (1050 → "10.5"). */
function contracts(hundredths: number): string {
  const abs = Math.abs(hundredths);
  const frac = abs % 100;
  const whole = `${hundredths < 0 ? "-" : ""}${(abs - frac) / 100}`;
  return frac === 0 ? whole : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** One line a person reads on a phone: severity and kind first, then what is at risk and where. */
export function alertText(alert: Alert): string {
  const where = [alert.pair === undefined ? "" : `pair ${alert.pair}`, alert.arbId === undefined ? "" : `arb ${alert.arbId}`]
    .filter((s) => s !== "")
    .join(", ");
  const exposure =
    alert.exposureMicros === 0 && alert.exposureHundredths === 0
      ? ""
      : ` | exposure ${dollars(alert.exposureMicros)} on ${contracts(alert.exposureHundredths)} contracts`;
  return `${alert.severity.toUpperCase()} ${alert.kind}: ${alert.message}${exposure}${where === "" ? "" : ` | ${where}`} | ${new Date(alert.tsMs).toISOString()}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack reads &, < and > as markup (links, mentions); everything else is shown as written. */
const slackEscape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The webhook body of one alert. Texts are sent without markup modes (Telegram: no parse_mode) and Discord is told
 * to ping no one, so a market name or message can neither break the payload nor mention @everyone.
 */
export function alertPayload(alert: Alert, target: AlertTarget): unknown {
  switch (target.format) {
    case "json":
      return alert;
    case "slack":
      return { text: clip(slackEscape(alertText(alert)), MAX_TEXT.slack) };
    case "discord":
      return { content: clip(alertText(alert), MAX_TEXT.discord), allowed_mentions: { parse: [] } };
    case "telegram":
      return { chat_id: target.chatId, text: clip(alertText(alert), MAX_TEXT.telegram), disable_web_page_preview: true };
  }
}

const RANK: Readonly<Record<AlertSeverity, number>> = { warn: 0, critical: 1 };

/** Whether an alert is severe enough for the webhook. */
export function atLeast(severity: AlertSeverity, min: AlertSeverity): boolean {
  return RANK[severity] >= RANK[min];
}
