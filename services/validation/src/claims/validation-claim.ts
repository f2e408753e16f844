import type { SourceType } from '../policies/policy-types';

/*
 * What validation reads: the claims extraction publishes (GetClaims' claim view, the same fields as
 * extraction's Claim) and the artefact facts ingest publishes. Defined here, not imported: a service
 * never imports another service; a compile-time test keeps this shape assignable from the contract.
 */

export interface ClaimEvidence {
  artefactSha256: string;
  artefactVersion: number;
  /** Where in the artefact (XPath, cell, CSV position, JSON pointer, PDF page and box); passed on as is. */
  locator: { readonly kind: string };
}

/** Typed blank: what the source does not give, and why. */
export interface ClaimBlank {
  kind: 'missing' | 'not_yet_filed' | 'suppressed';
  reason: string;
}

export interface ValidationClaim {
  claimId: string;
  shareClass?: string;
  /** Key from extraction's controlled metric vocabulary, e.g. `fund.net_assets`. */
  metric: string;
  subject?: string;
  /** Decimal string, ISO date or text; null when `blank` says why. */
  value: string | null;
  blank?: ClaimBlank;
  /** ISO 4217 currency, or percent | ratio | bps | count | years | date | text. */
  unit: string;
  /** YYYY-MM-DD the value is as of. */
  asOf: string;
  evidence: ClaimEvidence;
  extractor: { id: string; version: string };
  /** 0..1: 1 for structured sources, lower for layout-based reading. */
  confidence: number;
}

/** What ingest recorded about an artefact: the source policy admits or refuses it by these. */
export interface ArtefactFacts {
  sha256: string;
  version: number;
  sourceType: SourceType;
  /** For online sources: the host the copy was retrieved from. */
  origin?: string;
}

export function artefactKey(sha256: string, version: number): string {
  return `${sha256}#${version}`;
}

export function claimArtefactKey(claim: ValidationClaim): string {
  return artefactKey(claim.evidence.artefactSha256, claim.evidence.artefactVersion);
}

/** A field is one metric for one share class and subject: `metric@shareClass#subject`. */
export function fieldKeyOf(claim: Pick<ValidationClaim, 'metric' | 'shareClass' | 'subject'>): string {
  return `${claim.metric}${claim.shareClass ? `@${claim.shareClass}` : ''}${claim.subject ? `#${claim.subject}` : ''}`;
}
