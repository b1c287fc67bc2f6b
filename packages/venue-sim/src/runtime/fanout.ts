import { createRng } from "../generator/rng.js";

/**
 * The order in which one engine step reaches the connections. Sending always in connection order would hand the
 * first-connected client every step first (a sub-millisecond head start that decides races), so each step goes out
 * in a fresh seeded shuffle. Its own PRNG: the world's stream of random numbers stays the same whoever connects.
 */
export interface Fanout {
  order<T>(items: Iterable<T>): T[];
}

export function createFanout(seed: number): Fanout {
  const rng = createRng((seed ^ 0x66616e6f) >>> 0);
  return {
    order(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const t = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = t;
      }
      return out;
    },
  };
}
