import { describe, expect, it } from "vitest";
import { SessionStore } from "./store.js";

describe("SessionStore", () => {
  it("a feed that drops is an alert; the session closing its own feeds is not", () => {
    const s = new SessionStore();
    s.onVenueEvent({ kind: "connection.changed", venue: "kalshi", state: "closed", attempt: 0, reason: "1006" }, 1);
    expect(s.alerts.map((a) => a.message)).toEqual(["kalshi feed closed: 1006"]);
    s.closing = true;
    s.onVenueEvent({ kind: "connection.changed", venue: "polymarket", state: "closed", attempt: 0, reason: "1000" }, 2);
    expect(s.alerts).toHaveLength(1);
  });
});
