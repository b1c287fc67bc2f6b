/**
 * Polymarket's limits are sliding 10-second windows (Cloudflare), per endpoint class and caller. Each key keeps the
 * times and costs of its admitted requests inside the window.
 */
const WINDOW_MS = 10_000;

export type Windows = Map<string, { atMs: number; cost: number }[]>;

/** Admits `cost` requests now, or says how long until the window has room (nothing is recorded then). */
export function admit(windows: Windows, key: string, nowMs: number, cost: number, limit: number): { waitMs: number } {
  const recent = (windows.get(key) ?? []).filter((e) => e.atMs > nowMs - WINDOW_MS);
  let used = recent.reduce((n, e) => n + e.cost, 0);
  if (used + cost <= limit) {
    recent.push({ atMs: nowMs, cost });
    windows.set(key, recent);
    return { waitMs: 0 };
  }
  windows.set(key, recent);
  for (const e of recent) {
    used -= e.cost;
    if (used + cost <= limit) return { waitMs: e.atMs + WINDOW_MS - nowMs };
  }
  return { waitMs: WINDOW_MS };
}
