// The soak's verdict: what must hold after any mix of faults and kills, read from the bot's ledger (the run folder's,
// reopened once the bot has stopped), its event log, and the simulator's own accounts (admin API). Each check is
// { name, ok, detail }; the soak prints them all and exits 1 when one fails.

import { TERMINAL } from "@arb/execution";

const check = (name, ok, detail) => ({ name, ok, detail });

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/** RSS slope (MB/min) of each bot life, its first `warmupS` left out: start-up allocation is not a leak. */
export function rssSlopes(samples, warmupS) {
  const lives = new Map();
  for (const s of samples) {
    const life = lives.get(s.life) ?? [];
    life.push(s);
    lives.set(s.life, life);
  }
  return [...lives.entries()].map(([life, list]) => {
    const t0 = list[0].tMs;
    const steady = list.filter((s) => s.tMs - t0 >= warmupS * 1_000);
    const minutes = steady.length < 2 ? 0 : (steady[steady.length - 1].tMs - steady[0].tMs) / 60_000;
    return {
      life,
      minutes,
      startMB: list[0].rssMB,
      endMB: list[list.length - 1].rssMB,
      maxMB: Math.max(...list.map((s) => s.rssMB)),
      mbPerMin: slope(steady.map((s) => ({ x: s.tMs / 60_000, y: s.rssMB }))),
    };
  });
}

/**
 * @param o.ledger     the bot's Ledger (@arb/execution), closed by the caller
 * @param o.kalshi     the simulator's view of the bot's Kalshi account (GET /accounts/:id)
 * @param o.polymarket the simulator's view of its Polymarket wallet (GET /polymarket/accounts/:address)
 * @param o.markets    GET /markets (token ids of each condition id)
 * @param o.events     the bot's execution events (events.jsonl)
 * @param o.unexpectedExits bot exits the soak did not cause
 * @param o.deadStarts bot lives that never saw a book
 * @param o.lossLimitMicros the breaker's daily loss limit of the chaos phase
 * @param o.chaosLosses the ledger's daily P&L rows when the chaos phase ended (the steady phase has no limit)
 * @param o.rss        rssSlopes(...) and the judged limit
 */
export function judge(o) {
  const out = [];
  out.push(
    check(
      "no crash besides the injected kills",
      o.unexpectedExits.length === 0 && o.simulatorAlive,
      o.unexpectedExits.length === 0 ? (o.simulatorAlive ? "none" : "the simulator died") : o.unexpectedExits.join("; "),
    ),
  );

  out.push(
    check(
      "every restart trades again (books within 2 minutes)",
      o.deadStarts.length === 0,
      o.deadStarts.length === 0 ? "every life saw its books" : o.deadStarts.join("; "),
    ),
  );

  const orders = o.ledger.orders();
  const open = orders.filter((x) => !TERMINAL.has(x.status));
  out.push(
    check(
      "every order terminal",
      open.length === 0,
      open.length === 0 ? `${orders.length} orders` : open.map((x) => `${x.clientOrderId} ${x.status}`).join(", "),
    ),
  );

  // Ledger == venue, to the micro: cash on both venues, Kalshi net contracts per market, Polymarket tokens per side.
  const diffs = [];
  for (const [venue, view] of [
    ["kalshi", o.kalshi],
    ["polymarket", o.polymarket],
  ]) {
    const expected = o.ledger.expectedBalanceMicros(venue);
    if (expected !== view.balanceMicros) diffs.push(`${venue} balance: ledger ${expected} venue ${view.balanceMicros}`);
  }
  const net = o.ledger.netPositions("kalshi");
  const venueNet = new Map(o.kalshi.positions.map((p) => [p.ticker, p.yesHundredths - p.noHundredths]));
  for (const t of new Set([...net.keys(), ...venueNet.keys()]))
    if ((net.get(t) ?? 0) !== (venueNet.get(t) ?? 0)) diffs.push(`kalshi ${t}: ledger ${net.get(t) ?? 0} venue ${venueNet.get(t) ?? 0}`);
  const tokens = new Map(o.polymarket.tokens.map((t) => [t.tokenId, t.hundredths]));
  const tokenOf = new Map();
  for (const g of o.markets.games) {
    for (const m of g.polymarket.markets) for (const [i, x] of m.outcomes.entries()) tokenOf.set(`${m.conditionId}:${i === 0 ? "yes" : "no"}`, x.tokenId);
  }
  const held = new Map(
    o.ledger
      .holdings()
      .filter((h) => h.venue === "polymarket")
      .map((h) => [tokenOf.get(`${h.market}:${h.side}`) ?? `${h.market}:${h.side}`, h.contractsHundredths]),
  );
  for (const id of new Set([...held.keys(), ...[...tokens.entries()].filter(([, n]) => n !== 0).map(([id]) => id)])) {
    if ((held.get(id) ?? 0) !== (tokens.get(id) ?? 0))
      diffs.push(`polymarket token ${id.slice(0, 12)}…: ledger ${held.get(id) ?? 0} venue ${tokens.get(id) ?? 0}`);
  }
  out.push(
    check(
      "ledger == simulator positions and balances to the micro",
      diffs.length === 0,
      diffs.length === 0
        ? `kalshi ${o.kalshi.balanceMicros} µ$, polymarket ${o.polymarket.balanceMicros} µ$, ${net.size} Kalshi markets, ${held.size} Polymarket tokens`
        : diffs.slice(0, 10).join("; "),
    ),
  );

  // No duplicate order: every order the venue holds is one the ledger journaled, once.
  const dup = [];
  const kalshiIds = o.kalshi.orders.map((x) => x.clientOrderId);
  const known = new Set(orders.map((x) => x.clientOrderId));
  if (new Set(kalshiIds).size !== kalshiIds.length) dup.push("a Kalshi client order id sent twice");
  for (const id of kalshiIds) if (!known.has(id)) dup.push(`Kalshi order ${id} unknown to the ledger`);
  const polyLedger = new Set(orders.filter((x) => x.venue === "polymarket" && x.venueOrderId !== undefined).map((x) => x.venueOrderId));
  const polyIds = o.polymarket.orders.map((x) => x.orderId);
  if (new Set(polyIds).size !== polyIds.length) dup.push("a Polymarket order hash placed twice");
  for (const id of polyIds) if (!polyLedger.has(id)) dup.push(`Polymarket order ${id.slice(0, 12)}… unknown to the ledger`);
  out.push(
    check(
      "no duplicate order",
      dup.length === 0,
      dup.length === 0 ? `${kalshiIds.length} Kalshi and ${polyIds.length} Polymarket orders at the venue, each journaled once` : dup.slice(0, 10).join("; "),
    ),
  );

  // Every exposure resolved, or alerted with its reason.
  const arbs = o.ledger.arbs();
  const alerted = new Set(
    o.ledger
      .alerts()
      .filter((a) => a.kind === "exposure.residual" && a.message !== "")
      .map((a) => a.arbId),
  );
  const reasons = new Map(o.events.filter((e) => e.kind === "exposure.residual").map((e) => [e.arbId, e.reason]));
  const unresolved = arbs.filter((a) => a.status !== "closed" && !(a.status === "exposed" && alerted.has(a.arbId) && reasons.get(a.arbId)));
  const exposed = arbs.filter((a) => a.status === "exposed");
  out.push(
    check(
      "every exposure resolved or alerted with a reason",
      unresolved.length === 0,
      unresolved.length === 0
        ? `${arbs.length} arbs: ${arbs.length - exposed.length} closed, ${exposed.length} exposed and alerted (${[...new Set(exposed.map((a) => reasons.get(a.arbId)))].join(", ") || "none"})`
        : unresolved.map((a) => `${a.arbId} ${a.status}`).join(", "),
    ),
  );

  // The breaker: once a day's losses reach the limit it has tripped on DAILY_LOSS, never below it (realized and open
  // losses, as the trip states them), and no arb starts while it is open (whatever tripped it, until a reset).
  const breaker = o.ledger.breakerEvents();
  const dayMs = 86_400_000;
  const overDays = o.chaosLosses.filter((d) => d.unwindLossMicros + Math.max(0, -d.realizedPnlMicros) >= o.lossLimitMicros);
  const missing = overDays.filter(
    (d) => !breaker.some((b) => b.kind === "breaker.tripped" && b.reason === "DAILY_LOSS" && Math.floor(b.tsMs / dayMs) === d.day),
  );
  const early = breaker.filter((b) => {
    const m = /^(\d+) micros lost today, (\d+) open/.exec(b.detail);
    return b.kind === "breaker.tripped" && b.reason === "DAILY_LOSS" && (m === null || Number(m[1]) + Number(m[2]) < o.lossLimitMicros);
  });
  const entriesWhileOpen = [];
  for (let i = 0; i < breaker.length; i++) {
    if (breaker[i].kind !== "breaker.tripped") continue;
    const from = breaker[i].tsMs;
    const to = breaker.slice(i + 1).find((b) => b.kind === "breaker.reset")?.tsMs ?? Number.POSITIVE_INFINITY;
    for (const a of arbs) if (a.createdMs > from && a.createdMs < to) entriesWhileOpen.push(`${a.arbId} during ${breaker[i].reason}`);
  }
  const lost = o.chaosLosses.reduce((s, d) => s + d.unwindLossMicros + Math.max(0, -d.realizedPnlMicros), 0);
  const trips = breaker.filter((b) => b.kind === "breaker.tripped");
  const counts = new Map();
  for (const b of trips) counts.set(b.reason, (counts.get(b.reason) ?? 0) + 1);
  const byReason = [...counts].map(([r, n]) => `${r} ×${n}`).join(", ");
  out.push(
    check(
      "breaker tripped when injected losses passed the limit",
      missing.length === 0 && early.length === 0 && entriesWhileOpen.length === 0,
      `chaos-phase losses ${lost} µ$ against a limit of ${o.lossLimitMicros} µ$ (${overDays.length > 0 ? "passed" : "not reached"}); trips: ${byReason || "none"}${missing.length > 0 ? `; NO DAILY_LOSS trip on day ${missing.map((d) => d.day).join(", ")}` : ""}${early.length > 0 ? `; tripped below the limit: ${early.map((b) => b.detail).join(", ")}` : ""}${entriesWhileOpen.length > 0 ? `; entries while tripped: ${entriesWhileOpen.slice(0, 5).join(", ")}` : ""}`,
    ),
  );

  const judged = o.rss.lives.filter((l) => l.minutes >= o.rss.judgeMinutes);
  const worst = judged.reduce((w, l) => (w === undefined || l.mbPerMin > w.mbPerMin ? l : w), undefined);
  const longest = o.rss.lives.reduce((w, l) => (w === undefined || l.minutes > w.minutes ? l : w), undefined);
  const shown = worst ?? longest;
  out.push(
    check(
      "RSS slope of the bot",
      worst === undefined || worst.mbPerMin <= o.rss.maxMbPerMin,
      shown === undefined
        ? "no samples"
        : `${shown.mbPerMin.toFixed(2)} MB/min over ${shown.minutes.toFixed(1)} min (life ${shown.life}: ${shown.startMB} → ${shown.endMB} MB, max ${shown.maxMB} MB)${worst === undefined ? `; not judged: no life of ${o.rss.judgeMinutes}+ min` : `; limit ${o.rss.maxMbPerMin} MB/min`}`,
    ),
  );
  return out;
}
