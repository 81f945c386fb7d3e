/** GitHub refuses comment and issue bodies over this many characters (it answers 422). */
export const BODY_LIMIT = 65_536;

/** How much of a long list a bounded body shows. Items are ranked: the first ones are the last to be cut. */
export interface Shown {
  /** How many of the ranked items get a row. */
  listed: number;
  /** How many of the ranked items also get their details. Never more than `listed`. */
  detailed: number;
}

/** The largest n in [0, high] for which fits(n) holds, assuming fits is monotone and fits(0) holds. */
function largest(high: number, fits: (count: number) => boolean): number {
  let low = 0;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * Renders as much as fits in `limit` characters: every item with its details if possible, then fewer details (the
 * lowest-ranked lose theirs first), then fewer rows. `render` must grow with what it is asked to show. Strings are
 * measured in UTF-16 units, which is never less than the characters GitHub counts.
 */
export function fitToLimit(
  count: number,
  render: (shown: Shown) => string,
  limit = BODY_LIMIT,
  /** How many of the top-ranked items keep their details even when rows must go (the ones that matter most). */
  keepDetailed = 0,
): string {
  const everything = render({ listed: count, detailed: count });
  if (everything.length <= limit) return everything;
  const fits = (shown: Shown) => render(shown).length <= limit;
  let shown: Shown;
  const kept = Math.min(keepDetailed, count);
  // Every row fits together with the details that must stay: add details down the ranking while they fit.
  if (fits({ listed: count, detailed: kept })) {
    shown = {
      listed: count,
      detailed: kept + largest(count - kept, (more) => fits({ listed: count, detailed: kept + more })),
    };
  } else {
    // Otherwise the top-ranked keep their details, and rows go from the bottom of the ranking.
    const detailed = largest(kept, (top) => fits({ listed: top, detailed: top }));
    const listed = detailed + largest(count - detailed, (more) => fits({ listed: detailed + more, detailed }));
    shown = { listed, detailed };
  }
  const text = render(shown);
  // Only reachable when the fixed parts alone are too long; a cut body still beats a refused one.
  return text.length <= limit ? text : `${text.slice(0, limit - 2)}…\n`;
}

/** Ranks items: those `first` picks keep their place longest; the rest follow in their order. */
export function rankBy<T>(items: readonly T[], rank: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, rank: rank(item) }))
    .sort((left, right) => left.rank - right.rank || left.index - right.index)
    .map((entry) => entry.item);
}
