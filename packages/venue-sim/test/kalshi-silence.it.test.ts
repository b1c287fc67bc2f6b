import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sim } from "../src/index.js";
import { WsClient, newTrader, quietSim, waitFor } from "./helpers.js";

describe("Kalshi WS silence", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await quietSim();
  });
  afterAll(() => sim.close());

  it("keeps the socket open but sends nothing, not even a pong, until lifted", async () => {
    const c = await WsClient.connect(sim, newTrader(sim));
    let pongs = 0;
    c.ws.on("pong", () => {
      pongs += 1;
    });
    c.ws.ping();
    await waitFor(() => pongs === 1);
    sim.control.silence("kalshi", true);
    c.ws.ping();
    c.send({ id: 1, cmd: "list_subscriptions" });
    await waitFor(() => sim.control.events().filter((e) => e.kind === "frame.suppressed").length === 2);
    expect(c.frames).toEqual([]);
    sim.control.silence("kalshi", false);
    c.ws.ping();
    await waitFor(() => pongs === 2);
    expect(c.closed).toBe(false);
    c.close();
  });
});
