/** One thing a filing states: its claim key (metric, share class, subject) and value. */
export interface StatedValue {
  key: string;
  value: string | null;
}

export interface FilingComparison {
  /** Stated by both, with a different value. */
  restated: number;
  /** Stated by both, with the same value. */
  unchanged: number;
  /** Stated only by the amendment. */
  added: number;
  /** Stated only by the original. */
  notRestated: number;
}

export interface AmendmentRelation {
  /** `restates` when the amendment states again anything the original stated; `adds` otherwise. */
  relation: 'restates' | 'adds';
  comparison: FilingComparison;
}

/**
 * Compares an amendment with the filing it amends, claim key by claim key. Neither side is
 * changed: this only says how the two relate, so readers can tell restated values from additions.
 */
export function compareAmendment(
  amendment: Iterable<StatedValue>,
  original: Iterable<StatedValue>,
): AmendmentRelation {
  const originalValues = firstValues(original);
  const comparison: FilingComparison = { restated: 0, unchanged: 0, added: 0, notRestated: 0 };
  const seen = new Set<string>();
  for (const { key, value } of amendment) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (!originalValues.has(key)) comparison.added += 1;
    else if (originalValues.get(key) === value) comparison.unchanged += 1;
    else comparison.restated += 1;
  }
  comparison.notRestated = [...originalValues.keys()].filter((key) => !seen.has(key)).length;
  const restates = comparison.restated + comparison.unchanged > 0;
  return { relation: restates ? 'restates' : 'adds', comparison };
}

// A key stated twice (e.g. a date twice in a NAV file) counts once, with its first value.
function firstValues(stated: Iterable<StatedValue>): Map<string, string | null> {
  const values = new Map<string, string | null>();
  for (const { key, value } of stated) if (!values.has(key)) values.set(key, value);
  return values;
}
