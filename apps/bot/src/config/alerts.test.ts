import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAlertSink } from "@arb/execution";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./load.js";
import { readSecrets } from "./secrets.js";

/** The config's alerts section and the env token, spread into the engine's alert sink as the session does. */
describe("alerts config → alert sink", () => {
  it("sends Telegram's sendMessage to the configured Bot API with the chat id from the file and the token from the env", async () => {
    const seen: { path: string; body: unknown }[] = [];
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", body: JSON.parse(text) });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const env = { ARB_ALERTS__FORMAT: "telegram", ARB_ALERTS__TELEGRAM_API_URL: api, ARB_TELEGRAM_BOT_TOKEN: "42:abc" };
      const c = parseConfig({ alerts: { telegramChatId: -100555, minSeverity: "critical" } }, env);
      if (!c.ok) throw new Error(c.problems.join("\n"));
      const sink = createAlertSink({ logger: pino({ level: "silent" }), ...c.config.alerts, ...readSecrets({ env }).alerts });
      const base = { tsMs: 0, exposureHundredths: 0, exposureMicros: 0 };
      sink.raise({ ...base, kind: "leg.unhedged", severity: "warn", message: "below minSeverity" });
      sink.raise({ ...base, kind: "breaker.tripped", severity: "critical", message: "breaker tripped: DAILY_LOSS" });
      await sink.flush();
      expect(seen).toEqual([
        {
          path: "/bot42:abc/sendMessage",
          body: { chat_id: "-100555", text: expect.stringContaining("CRITICAL breaker.tripped: breaker tripped: DAILY_LOSS"), disable_web_page_preview: true },
        },
      ]);
    } finally {
      server.close();
    }
  });
});
