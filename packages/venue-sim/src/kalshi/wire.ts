import { decimalToInt } from "@arb/domain";
import { z } from "zod";

/** "10", "10.0", "10.00" → 1000 hundredths; anything finer or non-numeric is a zod issue. */
const countFp = z
  .string()
  .regex(/^\d+(\.\d{0,2})?$/, "expected a fixed-point count with at most 2 decimals")
  .transform((s) => decimalToInt(s, 2) ?? -1);

/** "0.56", "0.5600" → 5600 units; at most 4 decimals. */
const priceDollars = z
  .string()
  .regex(/^\d*\.?\d{0,4}$/, "expected a fixed-point dollar price with at most 4 decimals")
  .transform((s) => decimalToInt(s, 4) ?? -1);

const timeInForce = z.enum(["fill_or_kill", "good_till_canceled", "immediate_or_cancel"]);
const stp = z.enum(["taker_at_cross", "maker"]);

/** POST /portfolio/events/orders (Create Order V2): everything priced from the YES side. */
export const CreateOrderV2 = z.object({
  ticker: z.string().min(1),
  client_order_id: z.string().optional(),
  side: z.enum(["bid", "ask"]),
  count: countFp,
  price: priceDollars,
  time_in_force: timeInForce,
  self_trade_prevention_type: stp,
  post_only: z.boolean().optional(),
  reduce_only: z.boolean().optional(),
  cancel_order_on_pause: z.boolean().optional(),
  subaccount: z.number().int().nonnegative().optional(),
  order_group_id: z.string().optional(),
  exchange_index: z.number().int().optional(),
  expiration_time: z.number().int().optional(),
});
export type CreateOrderV2 = z.infer<typeof CreateOrderV2>;

/** POST /portfolio/orders (legacy, deprecated): action × side, integer cents or *_dollars, count or count_fp. */
export const CreateOrderLegacy = z
  .object({
    ticker: z.string().min(1),
    client_order_id: z.string().optional(),
    side: z.enum(["yes", "no"]),
    action: z.enum(["buy", "sell"]),
    count: z.number().int().min(1).optional(),
    count_fp: countFp.optional(),
    type: z.enum(["limit", "market"]).optional(),
    yes_price: z.number().int().min(1).max(99).optional(),
    no_price: z.number().int().min(1).max(99).optional(),
    yes_price_dollars: priceDollars.optional(),
    no_price_dollars: priceDollars.optional(),
    time_in_force: timeInForce.optional(),
    expiration_ts: z.number().int().optional(),
    buy_max_cost: z.number().int().optional(),
    post_only: z.boolean().optional(),
    reduce_only: z.boolean().optional(),
    self_trade_prevention_type: stp.optional(),
    order_group_id: z.string().optional(),
    cancel_order_on_pause: z.boolean().optional(),
    subaccount: z.number().int().nonnegative().optional(),
    exchange_index: z.number().int().optional(),
  })
  .check((ctx) => {
    const v = ctx.value;
    const prices = [v.yes_price, v.no_price, v.yes_price_dollars, v.no_price_dollars].filter((p) => p !== undefined);
    if (prices.length !== 1)
      ctx.issues.push({
        code: "custom",
        input: v,
        path: ["yes_price"],
        message: "give exactly one of yes_price, no_price, yes_price_dollars, no_price_dollars",
      });
    if (v.count === undefined && v.count_fp === undefined)
      ctx.issues.push({ code: "custom", input: v, path: ["count"], message: "count or count_fp is required" });
    if (v.count !== undefined && v.count_fp !== undefined && v.count * 100 !== v.count_fp) {
      ctx.issues.push({ code: "custom", input: v, path: ["count_fp"], message: "count and count_fp must match" });
    }
  });
export type CreateOrderLegacy = z.infer<typeof CreateOrderLegacy>;

export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  return i === undefined ? "invalid request" : `${i.path.map(String).join(".") || "(body)"}: ${i.message}`;
}
