import { type DetectionEngine, createEngine } from "@arb/core-wasm";
import { intToDecimal, kalshiSchedule, polymarketSchedule } from "@arb/domain";
import { pino } from "pino";
import { KalshiFeed } from "./feed.js";

export interface KalshiFrameBench {
  /** Pushes the next delta frame text through parse → book → core → incremental check. */
  step(): void;
  /** Frames pushed so far. */
  readonly frames: number;
  readonly feed: KalshiFeed;
}

const SID = 1;

/**
 * The Kalshi hot path as a benchmark body, with no timing of its own (the bench harness times `step`).
 * A ring of `ringSize` delta frames over `markets` markets adds and then removes the same quantities, so after
 * each lap the books are back where they started and the lap can be replayed (the sid's seq is rewound).
 * Roughly half the frames move a top of book and so reach the detection core.
 */
export function createKalshiFrameBench(options: { markets?: number; ringSize?: number; engine?: DetectionEngine } = {}): KalshiFrameBench {
  const markets = options.markets ?? 16;
  const ringSize = Math.max(2, (options.ringSize ?? 4096) & ~1);
  const engine = options.engine ?? createEngine();
  const ks = engine.addSchedule(kalshiSchedule());
  const ps = engine.addSchedule(polymarketSchedule(50_000, 1));
  const feed = new KalshiFeed({ engine, sink: () => {}, logger: pino({ level: "silent" }), now: () => 0, maxFrameBytes: 1 << 20 });
  const tickers: string[] = [];
  for (let m = 0; m < markets; m++) {
    const ticker = `KXBENCH-26JAN01-M${m}`;
    tickers.push(ticker);
    feed.track(ticker, engine.addPair(ks, ps));
  }
  let seq = 0;
  for (const ticker of tickers) {
    seq++;
    feed.handle(
      JSON.stringify({
        type: "orderbook_snapshot",
        sid: SID,
        seq,
        msg: {
          market_ticker: ticker,
          yes_dollars_fp: [
            ["0.4000", "100.00"],
            ["0.4500", "50.00"],
          ],
          no_dollars_fp: [
            ["0.5000", "100.00"],
            ["0.5300", "40.00"],
          ],
        },
      }),
    );
  }
  const baseSeq = seq;
  const ring: string[] = [];
  for (let i = 0; i < ringSize / 2; i++) {
    const ticker = tickers[i % markets] as string;
    const side = i % 2 === 0 ? "yes" : "no";
    // Alternate between the best level (moves the top) and a level below it (does not).
    const priceUnits = (side === "yes" ? 4500 : 5300) - (i % 4 < 2 ? 0 : 100);
    const sizeHundredths = 100 * (1 + (i % 7));
    for (const sign of [1, -1]) {
      seq++;
      ring.push(
        JSON.stringify({
          type: "orderbook_delta",
          sid: SID,
          seq,
          msg: {
            market_ticker: ticker,
            market_id: "9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1",
            price_dollars: intToDecimal(priceUnits, 4),
            delta_fp: intToDecimal(sign * sizeHundredths, 2),
            side,
            ts_ms: 1_669_149_841_000,
          },
        }),
      );
    }
  }
  let at = 0;
  let frames = 0;
  return {
    feed,
    get frames() {
      return frames;
    },
    step() {
      if (at === ring.length) {
        at = 0;
        feed.store.lastSeq.set(SID, baseSeq);
      }
      feed.handle(ring[at++] as string);
      frames++;
    },
  };
}
