/**
 * Where an order stands at its venue, in the words both venue clients report it (Kalshi's own; Polymarket's statuses
 * map onto them) and the simulator keeps: still working on the book, canceled (by us, by the venue or by its time in
 * force) with whatever it filled by then, or executed in full. Not the bot's own order lifecycle, which has more states.
 */
export type VenueOrderStatus = "resting" | "canceled" | "executed";
