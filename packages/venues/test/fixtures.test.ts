import { fixtureFiles, fixtureJson } from "@arb/venue-fixtures";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { decodeFrame } from "../src/kalshi/parse.js";
import {
  KalshiCancelOrderV2Response,
  KalshiCreateOrderV2Request,
  KalshiCreateOrderV2Response,
  KalshiGetOrderbookResponse,
  KalshiWsCommand,
} from "../src/kalshi/wire.js";

const load = (dir: string, file: string): unknown => fixtureJson("kalshi", dir, file);
const jsonFiles = (dir: string): string[] => fixtureFiles("kalshi", dir);

/** REST fixtures by file name; a new fixture without a schema here fails the suite. */
const REST_SCHEMAS: Record<string, z.ZodType> = {
  "cancel_order_v2.response.json": KalshiCancelOrderV2Response,
  "create_order_v2.request.json": KalshiCreateOrderV2Request,
  "create_order_v2.response.json": KalshiCreateOrderV2Response,
  "get_market_orderbook.response.json": KalshiGetOrderbookResponse,
};

describe("official Kalshi examples", () => {
  it.each(jsonFiles("ws"))("ws/%s parses", (file) => {
    const value = load("ws", file);
    if (file.startsWith("cmd_")) {
      const r = KalshiWsCommand.safeParse(value);
      expect(r.error?.issues ?? []).toEqual([]);
    } else {
      expect(decodeFrame(value)).toMatchObject({ ok: true });
    }
  });

  it.each(jsonFiles("rest"))("rest/%s parses", (file) => {
    const schema = REST_SCHEMAS[file];
    expect(schema, `no schema mapped for ${file}`).toBeDefined();
    const r = schema?.safeParse(load("rest", file));
    expect(r?.error?.issues ?? []).toEqual([]);
  });

  it("reads the documented book and delta as integers", () => {
    const snap = decodeFrame(load("ws", "orderbook_snapshot.json"));
    expect(snap.ok && snap.frame.type === "orderbook_snapshot" ? snap.frame.msg : undefined).toMatchObject({
      yes_dollars_fp: [
        [800, 30000],
        [2200, 33300],
      ],
      no_dollars_fp: [
        [5400, 2000],
        [5600, 14600],
      ],
    });
    const rest = KalshiGetOrderbookResponse.parse(load("rest", "get_market_orderbook.response.json"));
    expect(rest.orderbook_fp.yes_dollars?.at(-1)).toEqual([4200, 1300]);
    expect(rest.orderbook_fp.no_dollars?.at(-1)).toEqual([5600, 1700]);
  });

  it.each(["orderbook_delta.json", "orderbook_snapshot.json"])("refuses the legacy integer shape ws-legacy-2026-01/%s", (file) => {
    expect(decodeFrame(load("ws-legacy-2026-01", file))).toMatchObject({ ok: false });
  });
});
