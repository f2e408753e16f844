import type { ExtractionStageFailedV1, RunExtractionCompletedV1 } from '@fai/contracts';
import { v5 as uuidv5 } from 'uuid';

/** One artefact of a run's inventory and, once it has one, the outcome of its extraction. */
export interface RunArtefact {
  artefactId: string;
  outcome?: { kind: 'extracted' | 'failed'; errorCode?: string };
}

export interface RunRef {
  portfolioId: string;
  cycleId: string;
  runId: string;
}

/**
 * Failures that mean the stage itself cannot complete: the stored bytes of an input do not match
 * its hash, so nothing read from the run's inputs could be trusted as evidence. A document that
 * cannot be parsed is not one of them: it is an exception for an operator and the run goes on.
 */
export const STAGE_FAILING_CODES: readonly string[] = ['ARTEFACT_CORRUPTED'];

export type RunExtractionStatus =
  | { status: 'collecting' }
  | { status: 'extracting'; waitingFor: string[] }
  | { status: 'completed'; extracted: number; failed: number }
  | { status: 'failed'; errorCode: string; artefactIds: string[] };

/**
 * Where a run's extract stage stands. Ingest closes the inventory; until then more artefacts may
 * come. Afterwards the stage completes when every artefact has an outcome (claims, or a recorded
 * extraction failure), and fails when an input's bytes are corrupted.
 */
export function runExtractionStatus(
  inventoryComplete: boolean,
  artefacts: readonly RunArtefact[],
): RunExtractionStatus {
  if (!inventoryComplete) return { status: 'collecting' };
  const waitingFor = artefacts.filter((a) => !a.outcome).map((a) => a.artefactId);
  if (waitingFor.length > 0) return { status: 'extracting', waitingFor };
  const failing = artefacts.filter((a) => STAGE_FAILING_CODES.includes(a.outcome?.errorCode ?? ''));
  if (failing.length > 0)
    return {
      status: 'failed',
      errorCode: failing[0].outcome!.errorCode!,
      artefactIds: failing.map((a) => a.artefactId),
    };
  const failed = artefacts.filter((a) => a.outcome?.kind === 'failed').length;
  return { status: 'completed', extracted: artefacts.length - failed, failed };
}

export type RunOutcomeEvent =
  | { type: 'RunExtractionCompleted'; data: RunExtractionCompletedV1 }
  | { type: 'ExtractionStageFailed'; data: ExtractionStageFailedV1 };

/** The event that closes the run's extract stage, when its status is final. */
export function runOutcomeEvent(
  run: RunRef,
  status: RunExtractionStatus,
  now: string,
): RunOutcomeEvent | undefined {
  switch (status.status) {
    case 'completed':
      return { type: 'RunExtractionCompleted', data: { ...run, at: now } };
    case 'failed':
      return {
        type: 'ExtractionStageFailed',
        data: {
          ...run,
          stage: 'extract',
          errorCode: status.errorCode,
          diagnostics: {
            message: `The stored bytes of ${status.artefactIds.length} input artefact(s) do not match their hash.`,
            hint: 'Restore the artefacts from a backup or ingest the original documents again, then rerun.',
            artefactIds: status.artefactIds,
          },
          at: now,
        },
      };
    default:
      return undefined;
  }
}

export function runStreamId(runId: string): string {
  return `extraction-run-${runId}`;
}

const RUN_EVENT_NAMESPACE = '0e6f3b52-8d1a-4c97-b2e4-7a9c1d5f3e60';

/** A run's extract stage ends once: its outcome event has one id, whoever decides it. */
export function runOutcomeEventId(runId: string): string {
  return uuidv5(runId, RUN_EVENT_NAMESPACE);
}
