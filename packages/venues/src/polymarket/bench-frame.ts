import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { pino } from "pino";
import { PolymarketFeed } from "./feed.js";

export interface PolymarketFrameBench {
  /** Pushes the next price_change frame text through parse → book → core → incremental check. */
  step(): void;
  /** Frames pushed so far. */
  readonly frames: number;
  readonly feed: PolymarketFeed;
}

const TS = 1_757_908_892_351;

/** A 77-digit decimal token id, like the venue's. */
function tokenId(m: number, outcome: number): string {
  return `7132104567925221259462638553270691275033272857194253228963137931245558399${String(m * 2 + outcome).padStart(4, "0")}`;
}

/**
 * The Polymarket hot path as a benchmark body (the harness times `step`). A ring of price_change frames over
 * `markets` markets sets a level's size and then puts it back, so every lap leaves the books as they were and can be
 * replayed. Half the frames touch the best ask (and so the detection core), half a level behind it.
 */
export function createPolymarketFrameBench(options: { markets?: number; ringSize?: number; engine?: DetectionEngine } = {}): PolymarketFrameBench {
  const markets = options.markets ?? 16;
  const ringSize = Math.max(2, (options.ringSize ?? 4096) & ~1);
  const engine = options.engine ?? createEngine();
  const ks = engine.addSchedule(kalshiSchedule());
  const ps = engine.addSchedule(polymarketSchedule(50_000, 1));
  const feed = new PolymarketFeed({ engine, sink: () => {}, logger: pino({ level: "silent" }), now: () => 0, maxFrameBytes: 1 << 20 });
  const conditionIds: string[] = [];
  for (let m = 0; m < markets; m++) {
    const c = `0x${m.toString(16).padStart(64, "5")}`;
    conditionIds.push(c);
    feed.track(c, engine.addPair(ks, ps), tokenId(m, 0), tokenId(m, 1));
    for (const outcome of [0, 1]) {
      const ask = outcome === 0 ? 5200 : 4900;
      // Each token's bids mirror the other's asks, as the venue's books do (a crossed pair would stay out of the core).
      const mirror = 10_000 - (outcome === 0 ? 4900 : 5200);
      feed.handle(
        JSON.stringify({
          event_type: "book",
          asset_id: tokenId(m, outcome),
          market: c,
          bids: [
            { price: intToDecimal(mirror - 100, 4), size: "60" },
            { price: intToDecimal(mirror, 4), size: "25" },
          ],
          asks: [
            { price: intToDecimal(ask + 100, 4), size: "60" },
            { price: intToDecimal(ask, 4), size: "25" },
          ],
          timestamp: String(TS),
          hash: "0xabc",
        }),
      );
    }
  }
  const ring: string[] = [];
  for (let i = 0; i < ringSize / 2; i++) {
    const m = i % markets;
    const outcome = (i >> 1) % 2;
    const atTop = i % 4 < 2;
    const ask = (outcome === 0 ? 5200 : 4900) + (atTop ? 0 : 100);
    for (const size of [String(10 + (i % 90)), atTop ? "25" : "60"]) {
      ring.push(
        JSON.stringify({
          event_type: "price_change",
          market: conditionIds[m],
          price_changes: [
            {
              asset_id: tokenId(m, outcome),
              price: intToDecimal(ask, 4).replace(/0+$/, ""),
              size,
              side: "SELL",
              hash: "56621a121a47ed9333273e21c83b660cff37ae50",
              best_bid: "0.49",
              best_ask: "0.52",
            },
          ],
          timestamp: String(TS + i),
        }),
      );
    }
  }
  let at = 0;
  let frames = 0;
  return {
    step() {
      feed.handle(ring[at] as string);
      at = at + 1 === ring.length ? 0 : at + 1;
      frames++;
    },
    get frames() {
      return frames;
    },
    feed,
  };
}
