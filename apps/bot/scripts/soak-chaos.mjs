// The soak's faults, all through the simulator's admin HTTP API (packages/venue-sim/src/admin/server.ts), drawn from a
// seeded generator so a soak can be replayed with its --seed. Each fault that concerns orders comes with an arb window
// on a traded pair, so it meets the bot's orders rather than an idle book.

/** mulberry32: a small seeded generator; the soak prints its seed. */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

const VENUES = ["kalshi", "polymarket"];
const CROSS = ["kalshi_yes_poly_no", "poly_yes_kalshi_no"];
/** The simulator's own defaults (scenario schema), restored after a burst: Kalshi per second; Polymarket ×10 per 10 s. */
const NORMAL_RATE = { kalshi: { readPerSec: 20, writePerSec: 10 }, polymarket: { readPerSec: 900, writePerSec: 350 } };
const ORDER_ENDPOINT = { kalshi: "POST /portfolio/events/orders", polymarket: "POST /order" };

/**
 * What one chaos step may do, with its weight. `window` alone is the money path; the others are faults, each counted
 * under the name the soak's report uses.
 */
const ACTIONS = [
  ["window", 30],
  ["disconnect", 8],
  ["seq-gap", 8],
  ["malformed", 8],
  ["rate-limit-burst", 6],
  ["latency-spike", 8],
  ["one-sided-fill", 10],
  ["order-reject", 6],
  ["order-timeout", 5],
  ["late-fill", 5],
  ["trade-failed", 4],
  ["silence", 2],
];
const TOTAL_WEIGHT = ACTIONS.reduce((s, [, w]) => s + w, 0);

async function call(admin, method, path, body) {
  const res = await fetch(new URL(path, admin), {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { ok: res.ok, status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

/**
 * `tickers`: Kalshi markets of traded pairs (non-trap, polarity "same"). `timers` holds every pending undo so the soak
 * can clear them and `restore()` puts every knob back at the end.
 */
export function createChaos({ admin, tickers, random }) {
  const counts = Object.fromEntries(ACTIONS.map(([name]) => [name, 0]));
  const refused = {};
  const busyUntil = new Map();
  const timers = new Set();
  const touched = { latency: new Set(), rate: new Set() };
  let windows = 0;

  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn().catch(() => {});
    }, ms);
    timers.add(t);
  };

  /** A cross-venue window on a traded pair no other window holds; false when every pair is busy or it was refused. */
  async function window(sizeMax = 5_000) {
    const now = Date.now();
    const free = tickers.filter((t) => (busyUntil.get(t) ?? 0) < now);
    if (free.length === 0) return false;
    const ticker = random.pick(free);
    const durationMs = random.int(600, 2_500);
    const r = await call(admin, "POST", "/arbs", {
      kind: random.pick(CROSS),
      ticker,
      edgeBps: random.int(80, 600),
      sizeHundredths: random.int(5, sizeMax / 100) * 100,
      durationMs,
    });
    if (!r.ok) {
      refused.window = (refused.window ?? 0) + 1;
      return false;
    }
    // The simulator refuses a window on a book another still holds: keep clear of it a little after it closes.
    busyUntil.set(ticker, now + durationMs + 500);
    windows++;
    return true;
  }

  const fault = (venue, mode, extra = {}) => call(admin, "POST", `/venues/${venue}/faults`, { mode, count: 1, ...extra });

  const run = {
    window: () => window(),
    disconnect: () => call(admin, "POST", `/venues/${random.pick(VENUES)}/kill`),
    "seq-gap": () => call(admin, "POST", "/venues/kalshi/seq-gap", { skip: random.int(1, 5) }),
    malformed: () => call(admin, "POST", `/venues/${random.pick(VENUES)}/malformed`, { count: random.int(1, 50) }),
    async "rate-limit-burst"() {
      const venue = random.pick(VENUES);
      touched.rate.add(venue);
      await call(admin, "PUT", `/venues/${venue}/rate-limit`, { readPerSec: 1, writePerSec: 1 });
      later(random.int(2_000, 6_000), () => call(admin, "PUT", `/venues/${venue}/rate-limit`, NORMAL_RATE[venue]));
      await window();
    },
    async "latency-spike"() {
      const venue = random.pick(VENUES);
      const endpoint = random.pick([undefined, "ws", ORDER_ENDPOINT[venue]]);
      touched.latency.add(JSON.stringify([venue, endpoint ?? null]));
      await call(admin, "PUT", `/venues/${venue}/latency`, { ms: random.int(100, 1_500), ...(endpoint !== undefined && { endpoint }) });
      later(random.int(1_000, 5_000), () => call(admin, "PUT", `/venues/${venue}/latency`, { ms: 0, ...(endpoint !== undefined && { endpoint }) }));
      await window();
    },
    // One leg refused while the other fills: the bot is left holding one side and must hedge or unwind it.
    async "one-sided-fill"() {
      await fault(random.pick(VENUES), "reject");
      await window();
    },
    async "order-reject"() {
      await fault(random.pick(VENUES), "reject");
    },
    async "order-timeout"() {
      await fault(random.pick(VENUES), "timeout", { delayMs: random.int(1_000, 6_000) });
      await window();
    },
    async "late-fill"() {
      await fault(random.pick(VENUES), "late-fill", { delayMs: random.int(1_000, 4_000) });
      await window();
    },
    async "trade-failed"() {
      await fault("polymarket", random.pick(["trade-failed", "delayed"]), { delayMs: random.int(500, 2_000) });
      await window();
    },
    async silence() {
      const venue = random.pick(VENUES);
      await call(admin, "PUT", `/venues/${venue}/silence`, { silent: true });
      later(random.int(2_000, 8_000), () => call(admin, "PUT", `/venues/${venue}/silence`, { silent: false }));
    },
  };

  return {
    counts,
    refused,
    windows: () => windows,
    /** One weighted random action; returns its name. */
    async step() {
      let x = random.next() * TOTAL_WEIGHT;
      const [name] = ACTIONS.find(([, w]) => (x -= w) < 0) ?? ACTIONS[0];
      counts[name]++;
      await run[name]();
      return name;
    },
    window,
    /** Cancels pending undos and puts every knob back: latency 0, normal rate limits, sockets talking. */
    async restore() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const key of touched.latency) {
        const [venue, endpoint] = JSON.parse(key);
        await call(admin, "PUT", `/venues/${venue}/latency`, { ms: 0, ...(endpoint !== null && { endpoint }) });
      }
      for (const venue of touched.rate) await call(admin, "PUT", `/venues/${venue}/rate-limit`, NORMAL_RATE[venue]);
      for (const venue of VENUES) await call(admin, "PUT", `/venues/${venue}/silence`, { silent: false });
    },
  };
}

export { call as adminCall };
