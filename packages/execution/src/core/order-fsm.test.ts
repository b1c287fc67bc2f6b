import { describe, expect, it } from "vitest";
import { IllegalTransitionError, type OrderInput, type OrderLifecycle, TERMINAL, transition, transitionOrThrow } from "./order-fsm.js";

const STATUSES: OrderLifecycle[] = ["new", "sent", "acked", "partially_filled", "filled", "canceled", "rejected", "expired"];
const INPUTS: OrderInput[] = ["send", "ack", "reject", "fill_part", "fill_all", "cancel", "expire"];

describe("order state machine", () => {
  it("walks the happy paths", () => {
    expect(["send", "ack", "fill_part", "fill_all"].reduce<OrderLifecycle>((s, i) => transitionOrThrow(s, i as OrderInput), "new")).toBe("filled");
    expect(["send", "ack", "fill_part", "expire"].reduce<OrderLifecycle>((s, i) => transitionOrThrow(s, i as OrderInput), "new")).toBe("expired");
    expect(transitionOrThrow("sent", "reject")).toBe("rejected");
  });
  it("books late fills after a cancel or an IOC expiry, and a completing one wins", () => {
    expect(transitionOrThrow("canceled", "fill_part")).toBe("canceled");
    expect(transitionOrThrow("canceled", "fill_all")).toBe("filled");
    expect(transitionOrThrow("expired", "fill_all")).toBe("filled");
  });
  it("refuses illegal transitions with an error", () => {
    expect(transition("new", "fill_all")).toEqual({ ok: false, from: "new", input: "fill_all" });
    expect(() => transitionOrThrow("rejected", "fill_part")).toThrow(IllegalTransitionError);
    expect(() => transitionOrThrow("filled", "fill_part")).toThrow(/filled \+ fill_part/);
  });
  it("never leaves a terminal state for a non-terminal one", () => {
    for (const s of STATUSES) {
      for (const i of INPUTS) {
        const t = transition(s, i);
        if (TERMINAL.has(s) && t.ok) expect(TERMINAL.has(t.to)).toBe(true);
      }
    }
  });
});
