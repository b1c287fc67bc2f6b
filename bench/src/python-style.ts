// The baseline: how the Python peer bot detects, transcribed to TypeScript so only the algorithm differs.
// A dict of per-event order-book objects with float dollar prices; every update re-evaluates every event,
// allocating an opportunity object per hit, with its fee model (7% / 2% of the winning leg's profit).
// Floats are deliberate here: this mimics the peer, it is never used for money.
import type { BookSet } from "./books.js";

interface Quote {
  price: number;
  size: number;
  updatedAt: number;
}
interface VenueBook {
  yes: Quote;
  no: Quote;
}
interface EventBooks {
  kalshi: VenueBook;
  poly: VenueBook;
}
interface PyOpportunity {
  eventId: string;
  direction: string;
  cost: number;
  edgeBps: number;
  size: number;
}

const quote = (units: number, hundredths: number): Quote => ({
  price: units === 0xffff ? Number.NaN : units / 10_000,
  size: hundredths / 100,
  updatedAt: 0,
});

export class PythonStyleDetector {
  private readonly books = new Map<string, EventBooks>();
  private readonly ids: string[] = [];

  constructor(set: BookSet) {
    for (let i = 0; i < set.pairs; i++) {
      const id = `EVT-${i}`;
      this.ids.push(id);
      this.books.set(id, {
        kalshi: { yes: quote(set.ask[0][i]!, set.size[0][i]!), no: quote(set.ask[1][i]!, set.size[1][i]!) },
        poly: { yes: quote(set.ask[2][i]!, set.size[2][i]!), no: quote(set.ask[3][i]!, set.size[3][i]!) },
      });
    }
  }

  /** One book update followed by the full re-evaluation the peer runs on every tick. */
  update(pair: number, leg: number, units: number, hundredths: number, nowMs: number): PyOpportunity[] {
    const ev = this.books.get(this.ids[pair]!)!;
    const venue = leg < 2 ? ev.kalshi : ev.poly;
    const q = leg % 2 === 0 ? venue.yes : venue.no;
    q.price = units / 10_000;
    q.size = hundredths / 100;
    q.updatedAt = nowMs;
    return this.scanAll();
  }

  scanAll(): PyOpportunity[] {
    const found: PyOpportunity[] = [];
    for (const [eventId, ev] of this.books) {
      this.consider(found, eventId, "kalshi_yes_poly_no", ev.kalshi.yes, ev.poly.no);
      this.consider(found, eventId, "poly_yes_kalshi_no", ev.poly.yes, ev.kalshi.no);
    }
    return found;
  }

  private consider(out: PyOpportunity[], eventId: string, direction: string, k: Quote, p: Quote): void {
    if (Number.isNaN(k.price) || Number.isNaN(p.price)) return;
    const kalshiFee = 0.07 * (1 - k.price);
    const polyFee = 0.02 * (1 - p.price);
    const cost = k.price + p.price + Math.max(kalshiFee, polyFee);
    if (cost < 1) out.push({ eventId, direction, cost, edgeBps: ((1 - cost) / cost) * 10_000, size: Math.min(k.size, p.size) });
  }
}
