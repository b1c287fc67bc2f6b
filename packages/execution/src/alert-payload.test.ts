import { describe, expect, it } from "vitest";
import { alertPayload, alertText, atLeast } from "./alert-payload.js";
import type { Alert } from "./events.js";

const alert: Alert = {
  kind: "exposure.residual",
  severity: "critical",
  tsMs: Date.UTC(2026, 11, 6, 11, 0, 0),
  arbId: "a-7",
  pair: 3,
  exposureHundredths: 1050,
  exposureMicros: 4_725_000,
  message: "10.5 NO contracts left unmatched (NO_DEPTH); manual action needed",
};
const TEXT =
  "CRITICAL exposure.residual: 10.5 NO contracts left unmatched (NO_DEPTH); manual action needed | exposure $4.73 on 10.5 contracts | pair 3, arb a-7 | 2026-12-06T11:00:00.000Z";

describe("alert payloads", () => {
  it("reads as one line: severity, kind, message, exposure to the cent, where, when", () => {
    expect(alertText(alert)).toBe(TEXT);
    const { arbId: _a, pair: _p, ...unplaced } = alert;
    expect(alertText({ ...unplaced, exposureMicros: 0, exposureHundredths: 0 })).toBe(
      "CRITICAL exposure.residual: 10.5 NO contracts left unmatched (NO_DEPTH); manual action needed | 2026-12-06T11:00:00.000Z",
    );
    expect(alertText({ ...alert, exposureMicros: -4_994_999, exposureHundredths: 100 })).toContain("exposure -$4.99 on 1 contracts");
    expect(alertText({ ...alert, exposureMicros: 4_995_000, exposureHundredths: 5 })).toContain("exposure $5.00 on 0.05 contracts");
  });

  it("gives each service the body its API takes", () => {
    expect(alertPayload(alert, { format: "json" })).toBe(alert);
    expect(alertPayload(alert, { format: "slack" })).toEqual({ text: TEXT });
    expect(alertPayload(alert, { format: "discord" })).toEqual({ content: TEXT, allowed_mentions: { parse: [] } });
    expect(alertPayload(alert, { format: "telegram", chatId: "-1001234567890" })).toEqual({
      chat_id: "-1001234567890",
      text: TEXT,
      disable_web_page_preview: true,
    });
  });

  it("keeps markup from breaking the message: Slack's &, < and > escaped, Discord pings no one, each within its length", () => {
    const loud = { ...alert, message: "<!channel> @everyone A&B" };
    expect((alertPayload(loud, { format: "slack" }) as { text: string }).text).toContain("&lt;!channel&gt; @everyone A&amp;B");
    expect(alertPayload(loud, { format: "discord" })).toMatchObject({ allowed_mentions: { parse: [] } });
    const long = { ...alert, message: "x".repeat(10_000) };
    const discord = (alertPayload(long, { format: "discord" }) as { content: string }).content;
    const telegram = (alertPayload(long, { format: "telegram", chatId: "1" }) as { text: string }).text;
    expect([discord.length, discord.endsWith("…"), telegram.length]).toEqual([2_000, true, 4_096]);
  });

  it("orders severities: warn < critical", () => {
    expect([atLeast("warn", "warn"), atLeast("critical", "warn"), atLeast("warn", "critical"), atLeast("critical", "critical")]).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });
});
