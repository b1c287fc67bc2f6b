import { describe, expectTypeOf, it } from "vitest";
import type { Snapshot } from "../../state/snapshot.js";
import type { Points, SnapshotView } from "./client/message.js";

// The page is compiled apart from the server and mirrors the wire format (client/message.ts); these are checked by
// `pnpm typecheck`: a field the server renames or retypes fails here, not in the operator's browser.
describe("the page's mirror of the pushed message", () => {
  it("is satisfied by the server's Snapshot and series", () => {
    expectTypeOf<Snapshot>().toExtend<SnapshotView>();
    expectTypeOf<[number, number][]>().toExtend<Points>();
  });
});
