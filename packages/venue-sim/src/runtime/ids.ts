/** UUID-shaped ids from a counter: unique per simulator, and the same on every replay of a seed. */
export function createIdSource(prefix: number): () => string {
  let n = 0;
  const head = (prefix >>> 0).toString(16).padStart(8, "0");
  return () => {
    n += 1;
    return `${head}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  };
}
