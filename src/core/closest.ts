import { distance } from 'fastest-levenshtein';

/**
 * The candidates closest to a mistyped name, best first, for "did you mean" hints. A candidate is
 * kept when its edit distance is small relative to the name, or when one contains the other.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lowered = name.toLowerCase();
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const d = distance(lowered, other);
    const contains = other.includes(lowered) || lowered.includes(other);
    if (d <= Math.max(1, Math.floor(name.length / 3)) || contains) {
      scored.push({ candidate, score: contains ? Math.min(d, 1) : d });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, max).map((s) => s.candidate);
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const close = closestNames(name, candidates);
  return close.length > 0 ? `did you mean ${close.map((c) => `'${c}'`).join(' or ')}?` : undefined;
}
