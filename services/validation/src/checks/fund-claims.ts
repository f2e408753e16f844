import { claimArtefactKey, type ValidationClaim } from '../claims/validation-claim';
import { groupBy } from '../shared/collections';
import { byAsOfThenId, compareText } from '../shared/ordering';

/**
 * The claims of one fund the checks may use (admitted by the source policy and fresh), indexed
 * the ways the checks read them. Orders are total (as-of date, then claim id) so every choice
 * is deterministic.
 */
export class FundClaims {
  private readonly byMetric: Map<string, ValidationClaim[]>;
  private readonly byArtefact: Map<string, ValidationClaim[]>;

  constructor(readonly claims: readonly ValidationClaim[]) {
    const ordered = [...claims].sort(byAsOfThenId);
    this.byMetric = groupBy(ordered, (claim) => claim.metric);
    this.byArtefact = groupBy(ordered, claimArtefactKey);
  }

  /** The valued claims of the metric, oldest first. */
  of(metric: string): ValidationClaim[] {
    return (this.byMetric.get(metric) ?? []).filter((claim) => claim.value !== null);
  }

  /** The claims of each document, by artefact key. */
  artefacts(): Array<[string, FundClaims]> {
    return [...this.byArtefact.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, claims]) => [key, new FundClaims(claims)]);
  }

  /** The latest valued claim of the metric (for one share class when given). */
  latest(metric: string, shareClass?: string): ValidationClaim | undefined {
    return this.of(metric)
      .filter((claim) => shareClass === undefined || claim.shareClass === shareClass)
      .at(-1);
  }

  shareClasses(): string[] {
    return [...new Set(this.claims.flatMap((claim) => (claim.shareClass ? [claim.shareClass] : [])))].sort(
      compareText,
    );
  }
}
