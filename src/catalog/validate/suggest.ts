/** Longest key compared for a "did you mean" hint; longer keys are not typos of ours. */
const MAX_KEY = 40;

/** The known name closest to `key` (a small edit distance, case ignored), or undefined. */
export function closest(key: string, known: readonly string[]): string | undefined {
  if (key.length > MAX_KEY) return undefined;
  const k = key.toLowerCase();
  const limit = Math.min(2, Math.max(1, Math.floor(k.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = distance(k, candidate.toLowerCase(), limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(key: string, known: readonly string[]): string {
  const hit = closest(key, known);
  return hit === undefined ? '' : `; did you mean ${JSON.stringify(hit)}?`;
}

/**
 * Edit distance counting a swap of two neighbours as one edit ("lsit" → "list"), giving up
 * (returning limit + 1) once every path exceeds `limit`.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, before[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}
