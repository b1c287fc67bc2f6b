/**
 * When the last market-data frame arrived, on the monotonic clock in µs: stamped by each socket as a message comes
 * in, before it is parsed, so an opportunity reported while that frame is handled knows its tick without carrying a
 * timestamp through every event. One per process: frames are handled one at a time.
 */
let lastUs = 0;

export function noteFrameArrival(): void {
  lastUs = Number(process.hrtime.bigint() / 1_000n);
}

export function lastFrameArrivalUs(): number {
  return lastUs;
}
