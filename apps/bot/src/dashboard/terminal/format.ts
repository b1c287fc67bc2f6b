/** Integer-only formatting: never divides money as a float. */
export function money(micros: number): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000).padStart(6, "0");
  return `${sign}$${whole.toLocaleString("en-US")}.${frac}`;
}

/** 4200 → "0.4200"; null → "—". */
export function price(units: number | null): string {
  if (units === null) return "  —   ";
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, "0")}`;
}

/** 1050 hundredths → "10.5"; trailing zeros dropped. */
export function size(hundredths: number): string {
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

export function micros(us: number): string {
  if (us < 1_000) return `${us}µs`;
  if (us < 1_000_000) return `${Math.floor(us / 1_000)}.${String(Math.floor((us % 1_000) / 10)).padStart(2, "0")}ms`;
  return `${Math.floor(us / 1_000_000)}.${String(Math.floor((us % 1_000_000) / 10_000)).padStart(2, "0")}s`;
}

export function age(ms: number | null): string {
  if (ms === null) return "never";
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${Math.floor(ms / 1_000)}s`;
  return `${Math.floor(ms / 60_000)}m`;
}

export function duration(ms: number): string {
  const s = Math.floor(ms / 1_000);
  return `${Math.floor(s / 3_600)}h${String(Math.floor((s % 3_600) / 60)).padStart(2, "0")}m${String(s % 60).padStart(2, "0")}s`;
}
