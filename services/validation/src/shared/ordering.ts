/** Plain code-unit order: the same on every machine and locale, which replays rely on. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Claims oldest first, claim id breaking ties: every list of claims has one order. */
export function byAsOfThenId(
  a: { asOf: string; claimId: string },
  b: { asOf: string; claimId: string },
): number {
  return compareText(a.asOf, b.asOf) || compareText(a.claimId, b.claimId);
}
