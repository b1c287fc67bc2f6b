const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Hand-written twin of `decimalToInt` (@arb/domain) for the hot path: same accepted inputs, same integers, no regex
 * and no intermediate strings. A property test holds the two equal on arbitrary strings.
 */
export function parseFixed(text: string, decimals: number): number | undefined {
  const len = text.length;
  let i = 0;
  let negative = false;
  if (len > 0) {
    const c = text.charCodeAt(0);
    if (c === 45 /* - */) {
      negative = true;
      i = 1;
    } else if (c === 43 /* + */) {
      i = 1;
    }
  }
  let n = 0;
  let digits = 0;
  for (; i < len; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    if (n > MAX_SAFE) return undefined;
    digits++;
  }
  let frac = 0;
  if (i < len) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    i++;
    for (; i < len; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (frac < decimals) {
        n = n * 10 + d;
        if (n > MAX_SAFE) return undefined;
      } else if (d !== 0) {
        return undefined;
      }
      frac++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  for (let k = Math.min(frac, decimals); k < decimals; k++) {
    n *= 10;
    if (n > MAX_SAFE) return undefined;
  }
  return negative && n !== 0 ? -n : n;
}
