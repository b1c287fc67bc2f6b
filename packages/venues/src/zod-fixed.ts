import { decimalToInt } from "@arb/domain";
import { z } from "zod";

/** A venue decimal string ("0.4200", "-54.00") as an integer scaled by 10^decimals; a zod issue, never a throw. */
export function zFixed(decimals: number) {
  return z.string().transform((text, ctx) => {
    const n = decimalToInt(text, decimals);
    if (n === undefined) {
      ctx.issues.push({ code: "custom", message: `not a decimal with at most ${decimals} places`, input: text });
      return z.NEVER;
    }
    return n;
  });
}
