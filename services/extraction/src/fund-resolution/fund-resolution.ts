import type { FundResolutionV1, UnresolvedFundReferenceV1 } from '@fai/contracts';
import type { Claim, FundReference } from '../claims/claim';

export type IdentifierScheme = 'isin' | 'series_id' | 'lei';

/** Strongest first: an ISIN names one share class, a series id one fund, an LEI one legal entity. */
const SCHEMES: readonly IdentifierScheme[] = ['isin', 'series_id', 'lei'];

export interface FundIdentifier {
  scheme: IdentifierScheme;
  value: string;
}

/** An identifier some registered portfolio gives one of its funds (or share classes). */
export interface RegisteredIdentifier extends FundIdentifier {
  fundId: string;
  shareClassId?: string;
}

/**
 * A fund as a portfolio registers it. The scheduler's PortfolioFund fits; series id and LEI are
 * read when the portfolio states them.
 */
export interface FundIdentity {
  fundId: string;
  isins: readonly string[];
  seriesId?: string;
  lei?: string;
  shareClasses: ReadonlyArray<{ shareClassId: string; isin?: string }>;
}

export interface ReferencedFund {
  reference: FundReference;
  claimCount: number;
}

export interface FundResolutionOutcome {
  /** Distinct canonical funds the claims are about, sorted. */
  fundIds: string[];
  resolved: FundResolutionV1[];
  unresolved: UnresolvedFundReferenceV1[];
}

export function registeredIdentifiers(fund: FundIdentity): RegisteredIdentifier[] {
  const { fundId } = fund;
  return [
    ...fund.isins.map((isin) => ({ scheme: 'isin' as const, value: normalise(isin), fundId })),
    ...fund.shareClasses.flatMap(({ shareClassId, isin }) =>
      isin ? [{ scheme: 'isin' as const, value: normalise(isin), fundId, shareClassId }] : [],
    ),
    ...(fund.seriesId ? [{ scheme: 'series_id' as const, value: normalise(fund.seriesId), fundId }] : []),
    ...(fund.lei ? [{ scheme: 'lei' as const, value: normalise(fund.lei), fundId }] : []),
  ];
}

/** The identifiers a document's fund reference can be resolved by (a name or a registrant CIK is not one). */
export function referenceIdentifiers(reference: FundReference): FundIdentifier[] {
  const values: Record<IdentifierScheme, string | undefined> = {
    isin: reference.isin,
    series_id: reference.seriesId,
    lei: reference.lei,
  };
  return SCHEMES.flatMap((scheme) => {
    const value = values[scheme];
    return value ? [{ scheme, value: normalise(value) }] : [];
  });
}

/** The distinct fund references of a claim set, in first-seen order, with how many claims use each. */
export function referencedFunds(claims: readonly Claim[]): ReferencedFund[] {
  const byKey = new Map<string, ReferencedFund>();
  for (const claim of claims) {
    const key = referenceKey(claim.fund);
    const seen = byKey.get(key);
    if (seen) seen.claimCount += 1;
    else byKey.set(key, { reference: claim.fund, claimCount: 1 });
  }
  return [...byKey.values()];
}

export function referenceKey(reference: FundReference): string {
  return JSON.stringify(Object.entries(reference).sort(([a], [b]) => a.localeCompare(b)));
}

/** What a tenant's registry holds: the identifiers matching the references, and the schemes it uses at all. */
export interface Registry {
  matches: readonly RegisteredIdentifier[];
  /** Schemes some registered fund of the tenant is listed by; the others cannot be checked against anything. */
  schemes: ReadonlySet<IdentifierScheme>;
}

/**
 * Resolves each fund reference to one canonical fund. Every identifier the reference states in a
 * scheme the tenant's portfolios use must point at the same fund: two different funds make it
 * ambiguous, none makes it unknown (the portfolio should list it). A reference stating nothing
 * the registry could check (an N-PORT's series id and LEI while portfolios list only ISINs, a
 * factsheet naming only its fund, a NAV file naming nothing) belongs to the fund ingest
 * attributed the artefact to, if any: nothing in the document contradicts it.
 */
export function resolveFunds(
  references: readonly ReferencedFund[],
  registry: Registry,
  attributedFundId?: string,
): FundResolutionOutcome {
  const index = new Map<string, RegisteredIdentifier[]>();
  for (const entry of registry.matches) {
    const key = identifierKey(entry);
    index.set(key, [...(index.get(key) ?? []), entry]);
  }
  const resolved: FundResolutionV1[] = [];
  const unresolved: UnresolvedFundReferenceV1[] = [];
  for (const { reference, claimCount } of references) {
    const checkable = referenceIdentifiers(reference).filter(({ scheme }) => registry.schemes.has(scheme));
    if (checkable.length === 0) {
      if (attributedFundId) resolved.push({ reference, fundId: attributedFundId, matchedBy: 'artefact' });
      else unresolved.push({ reference, reason: 'unknown', candidates: [], claimCount });
      continue;
    }
    const matches = checkable.flatMap((identifier) => index.get(identifierKey(identifier)) ?? []);
    const candidates = [...new Set(matches.map((match) => match.fundId))].sort();
    if (candidates.length !== 1) {
      unresolved.push({
        reference,
        reason: candidates.length === 0 ? 'unknown' : 'ambiguous',
        candidates,
        claimCount,
      });
      continue;
    }
    const shareClassId = matches.find((match) => match.shareClassId)?.shareClassId;
    resolved.push({
      reference,
      fundId: candidates[0],
      ...(shareClassId && { shareClassId }),
      matchedBy: matches[0].scheme,
    });
  }
  return { fundIds: [...new Set(resolved.map((r) => r.fundId))].sort(), resolved, unresolved };
}

function identifierKey({ scheme, value }: FundIdentifier): string {
  return `${scheme}:${value}`;
}

function normalise(identifier: string): string {
  return identifier.trim().toUpperCase();
}
