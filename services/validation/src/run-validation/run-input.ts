import type { ArtefactIngestedV1, ClaimView } from '@fai/contracts';
import type { ArtefactFacts, ValidationClaim } from '../claims/validation-claim';
import type { FundSnapshot } from '../fields/snapshot';
import type { Finding } from '../materiality/rank-findings';
import { groupBy } from '../shared/collections';
import { compareText } from '../shared/ordering';
import type { FundRunInput, SourceProblem } from '../validation-run';

/** The last day of a `YYYY-MM` period: the date a cycle reports as of. */
export function periodEnd(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/*
 * Which ruleset scope a fund's required fields come from, by the documents the run brought for
 * it: the most complete reporting regime wins. A fund with none of these gets the minimum profile.
 */
const SCOPE_BY_DOCUMENT: ReadonlyArray<[string, string]> = [
  ['nport', 'us_registered_fund'],
  ['findatex_tpt', 'solvency_look_through'],
  ['kiid', 'ucits_share_class'],
];
export const DEFAULT_SCOPE = 'profile_minimum';

export function scopeOf(documentTypes: readonly string[]): string {
  return SCOPE_BY_DOCUMENT.find(([type]) => documentTypes.includes(type))?.[1] ?? DEFAULT_SCOPE;
}

/** What the source policy needs from an ingested artefact; an online origin is judged by its host. */
export function artefactFacts(
  ingested: Pick<ArtefactIngestedV1, 'sha256' | 'version' | 'sourceType' | 'origin'>,
): ArtefactFacts {
  return {
    sha256: ingested.sha256,
    version: ingested.version,
    sourceType: ingested.sourceType,
    ...(ingested.sourceType === 'online' && { origin: hostOf(ingested.origin) }),
  };
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}

export interface FundHistory {
  /** With the run it was published from. */
  priorSnapshot?: FundSnapshot & { runId: string };
  priorFindings?: Finding[];
}

/**
 * The run's claims grouped by canonical fund, with each fund's scope, history and source
 * problems. A claim without a fund (unresolved reference) belongs to no fund: extraction raised
 * FundUnresolved for it. A fund with source problems but no claims is still validated.
 */
export function fundInputs(run: {
  claims: readonly ClaimView[];
  /** Each artefact's document type, by artefact id. */
  documentTypes: ReadonlyMap<string, string>;
  problems: ReadonlyMap<string, readonly SourceProblem[]>;
  history: ReadonlyMap<string, FundHistory>;
}): FundRunInput[] {
  const claims = groupBy(
    run.claims.filter((claim) => claim.fundId !== undefined),
    (claim) => claim.fundId!,
  );
  const fundIds = [...new Set([...claims.keys(), ...run.problems.keys()])].sort(compareText);
  return fundIds.map((fundId) => {
    const history = run.history.get(fundId) ?? {};
    const problems = run.problems.get(fundId) ?? [];
    return {
      fundId,
      scope: scopeOf(
        (claims.get(fundId) ?? []).flatMap((claim) => run.documentTypes.get(claim.artefactId) ?? []),
      ),
      claims: (claims.get(fundId) ?? []) satisfies ValidationClaim[],
      ...(history.priorSnapshot && { priorSnapshot: history.priorSnapshot }),
      ...(history.priorFindings && { priorFindings: history.priorFindings }),
      ...(problems.length > 0 && { sourceProblems: problems }),
    };
  });
}
