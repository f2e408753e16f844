import type {
  AmendmentRecordedV1,
  ClaimsExtractedV1,
  ExtractionFailedV1,
  FundUnresolvedV1,
} from '@fai/contracts';
import { assertNever, type Decider } from '@fai/decider';
import { v5 as uuidv5 } from 'uuid';
import type { FundResolutionOutcome } from '../fund-resolution/fund-resolution';
import type { AmendmentRelation } from './amendment-comparison';
import { claimSetLocation } from './claim-set';
import { AmendmentWithoutClaimsError } from './extraction-errors';

/** The artefact being extracted and the run whose intake brought it in. */
export interface ArtefactInRun {
  artefactId: string;
  sha256: string;
  artefactVersion: number;
  documentType: string;
  tenantId: string;
  portfolioId: string;
  cycleId: string;
  runId: string;
}

export interface ExtractorRef {
  id: string;
  version: string;
}

export interface ExtractionSummary {
  extractor: ExtractorRef;
  coverage: { expected: number; found: number; missing: string[] };
  warnings: ReadonlyArray<{ code: string; message: string }>;
  claimSet: { sha256: string; claimCount: number; byteSize: number };
}

export interface AmendmentLink extends AmendmentRelation {
  originalArtefactId: string;
  originalSha256: string;
  filingKey: string;
}

export interface ExtractionError {
  code: string;
  message: string;
  hint: string;
  diagnostics: Record<string, unknown>;
}

type Metadata = { now: Date };

export type ExtractionCommand =
  | {
      type: 'RecordClaims';
      data: {
        artefact: ArtefactInRun;
        extraction: ExtractionSummary;
        funds: FundResolutionOutcome;
        attributedFundId?: string;
        amendment?: AmendmentLink;
      };
      metadata: Metadata;
    }
  | {
      type: 'RecordFailure';
      data: { artefact: ArtefactInRun; extractor: ExtractorRef; error: ExtractionError };
      metadata: Metadata;
    }
  | {
      type: 'LinkAmendment';
      data: { artefact: ArtefactInRun; amendment: AmendmentLink };
      metadata: Metadata;
    };

export type ExtractionEvent =
  | { type: 'ClaimsExtracted'; data: ClaimsExtractedV1 }
  | { type: 'ExtractionFailed'; data: ExtractionFailedV1 }
  | { type: 'FundUnresolved'; data: FundUnresolvedV1 }
  | { type: 'AmendmentRecorded'; data: AmendmentRecordedV1 };

export type ExtractionOutcome = 'extracted' | 'failed';

export type ExtractionState =
  | { status: 'not_extracted' }
  | {
      status: 'settled';
      /** Outcome per extractor version (`id@version`): the same version never runs twice. */
      outcomes: Readonly<Record<string, ExtractionOutcome>>;
      /** Original artefacts this one is recorded as amending. */
      amends: readonly string[];
    };

export const MAX_WARNINGS = 100;

/**
 * The extraction of one artefact (stream `extraction-<artefactId>`). Idempotent by extractor
 * version: claims from a version that already extracted the artefact, or a failure of a version
 * that already has an outcome, add nothing. A failure never hides claims: a later version may
 * still extract the artefact.
 */
export const extractionDecider: Decider<ExtractionCommand, ExtractionEvent, ExtractionState> = {
  initialState: () => ({ status: 'not_extracted' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordClaims': {
        const { artefact, extraction, funds, attributedFundId, amendment } = command.data;
        if (outcomeOf(state, extraction.extractor) === 'extracted') return [];
        const at = command.metadata.now.toISOString();
        return [
          { type: 'ClaimsExtracted', data: claimsExtracted(artefact, extraction, funds, at) },
          ...(funds.unresolved.length > 0
            ? [fundUnresolved(artefact, extraction.extractor, funds, attributedFundId, at)]
            : []),
          ...(amendment && !amends(state, amendment.originalArtefactId)
            ? [amendmentRecorded(artefact, amendment, at)]
            : []),
        ];
      }
      case 'RecordFailure': {
        const { artefact, extractor, error } = command.data;
        if (outcomeOf(state, extractor) !== undefined) return [];
        return [
          {
            type: 'ExtractionFailed',
            data: {
              ...artefact,
              extractor,
              errorCode: error.code,
              message: error.message,
              hint: error.hint,
              diagnostics: error.diagnostics,
              at: command.metadata.now.toISOString(),
            },
          },
        ];
      }
      case 'LinkAmendment': {
        const { artefact, amendment } = command.data;
        if (state.status !== 'settled' || !Object.values(state.outcomes).includes('extracted'))
          throw new AmendmentWithoutClaimsError(artefact.artefactId);
        if (amends(state, amendment.originalArtefactId)) return [];
        return [amendmentRecorded(artefact, amendment, command.metadata.now.toISOString())];
      }
      default:
        return assertNever(command, 'extraction command');
    }
  },

  evolve(state, event) {
    const settled =
      state.status === 'settled' ? state : { status: 'settled' as const, outcomes: {}, amends: [] };
    switch (event.type) {
      case 'ClaimsExtracted':
        return {
          ...settled,
          outcomes: { ...settled.outcomes, [extractorKey(event.data.extractor)]: 'extracted' },
        };
      case 'ExtractionFailed': {
        const key = extractorKey(event.data.extractor);
        // Claims of a version stay its outcome whatever happens later.
        if (settled.outcomes[key] === 'extracted') return settled;
        return { ...settled, outcomes: { ...settled.outcomes, [key]: 'failed' } };
      }
      case 'FundUnresolved':
        return settled;
      case 'AmendmentRecorded':
        return { ...settled, amends: [...settled.amends, event.data.originalArtefactId] };
      default:
        return assertNever(event, 'extraction event');
    }
  },
};

export function extractorKey({ id, version }: ExtractorRef): string {
  return `${id}@${version}`;
}

export function extractionStreamId(artefactId: string): string {
  return `extraction-${artefactId}`;
}

// Fixed namespace of extraction event ids: changing it would let a retried extraction write twice.
const EVENT_NAMESPACE = 'b7e1c9a4-2f3d-4e8b-9a61-5c0d7e2f8a13';

/**
 * Each event is one fact about the artefact (its claims by an extractor version, its link to an
 * original), so its id is derived from that fact: a retry that decides the same fact again writes
 * the same id, which the store and the bus deduplicate.
 */
export function extractionEventId(event: ExtractionEvent): string {
  const { artefactId } = event.data;
  switch (event.type) {
    case 'ClaimsExtracted':
    case 'ExtractionFailed':
    case 'FundUnresolved':
      return uuidv5(`${artefactId}|${event.type}|${extractorKey(event.data.extractor)}`, EVENT_NAMESPACE);
    case 'AmendmentRecorded':
      return uuidv5(`${artefactId}|${event.type}|${event.data.originalArtefactId}`, EVENT_NAMESPACE);
    default:
      return assertNever(event, 'extraction event');
  }
}

function outcomeOf(state: ExtractionState, extractor: ExtractorRef): ExtractionOutcome | undefined {
  return state.status === 'settled' ? state.outcomes[extractorKey(extractor)] : undefined;
}

function amends(state: ExtractionState, originalArtefactId: string): boolean {
  return state.status === 'settled' && state.amends.includes(originalArtefactId);
}

function claimsExtracted(
  artefact: ArtefactInRun,
  extraction: ExtractionSummary,
  funds: FundResolutionOutcome,
  at: string,
): ClaimsExtractedV1 {
  const { extractor, coverage, warnings, claimSet } = extraction;
  return {
    ...artefact,
    extractor,
    fundIds: funds.fundIds,
    funds: funds.resolved,
    claimCount: claimSet.claimCount,
    coverage,
    warnings: warnings.slice(0, MAX_WARNINGS),
    warningsOmitted: Math.max(0, warnings.length - MAX_WARNINGS),
    claimSet: { ...claimSet, location: claimSetLocation(claimSet.sha256) },
    at,
  };
}

function fundUnresolved(
  artefact: ArtefactInRun,
  extractor: ExtractorRef,
  funds: FundResolutionOutcome,
  attributedFundId: string | undefined,
  at: string,
): ExtractionEvent {
  return {
    type: 'FundUnresolved',
    data: {
      ...artefact,
      extractor,
      ...(attributedFundId && { attributedFundId }),
      references: funds.unresolved,
      at,
    },
  };
}

function amendmentRecorded(artefact: ArtefactInRun, amendment: AmendmentLink, at: string): ExtractionEvent {
  const { originalArtefactId, originalSha256, filingKey, relation, comparison } = amendment;
  return {
    type: 'AmendmentRecorded',
    data: { ...artefact, originalArtefactId, originalSha256, filingKey, relation, comparison, at },
  };
}
