import {
  deltasComputedV1,
  draftsCompletedV1,
  exceptionsRankedV1,
  extractionStageFailedV1,
  fundApprovedV1,
  ingestStageFailedV1,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  reportingStageFailedV1,
  reportPublishedV1,
  runExtractionCompletedV1,
  validationCompletedV1,
  validationStageFailedV1,
  type EventContract,
  type FundApprovedV1,
  type IngestStageFailedV1,
  type InventoryArtefactReceivedV1,
  type InventoryAssessment,
  type InventoryCompletedV1,
  type RunStage,
} from '@fai/contracts';
import type { FundLock, RecordFundLocked, RecordStageCompleted, RecordStageFailed } from '../cycle.decider';

/*
 * How the other services' stage outcome events drive a run: each completion event finishes one
 * stage, each context's `<Context>StageFailed` fails the stage it names. The cause event's id goes
 * with the command, so a redelivered event decides nothing.
 */

const COMPLETIONS: ReadonlyArray<[EventContract<InventoryCompletedV1>, RunStage]> = [
  [inventoryCompletedV1, 'ingest'],
  [runExtractionCompletedV1, 'extract'],
  [validationCompletedV1, 'validate'],
  [deltasComputedV1, 'compare'],
  [exceptionsRankedV1, 'rank'],
  [draftsCompletedV1, 'report'],
];

const FAILURES: ReadonlyArray<EventContract<{ stage: RunStage } & Omit<IngestStageFailedV1, 'stage'>>> = [
  ingestStageFailedV1,
  extractionStageFailedV1,
  validationStageFailedV1,
  reportingStageFailedV1,
];

/** The subjects of every stage outcome event, for the scheduler's consumer. */
export const STAGE_OUTCOME_SUBJECTS: readonly string[] = [
  ...COMPLETIONS.map(([contract]) => contract.subject),
  ...FAILURES.map((contract) => contract.subject),
];

// A fund's approval (approval service) and its publication (reporting) lock it in its run.
const FUND_LOCKS: ReadonlyArray<
  [EventContract<Pick<FundApprovedV1, 'cycleId' | 'runId' | 'fundId'>>, FundLock]
> = [
  [fundApprovedV1, 'approved'],
  [reportPublishedV1, 'published'],
];

/**
 * Every subject the scheduler's consumer reads: the stage outcomes, ingest's artefact receipts, and
 * the approvals and publications that lock funds.
 */
export const CONSUMED_SUBJECTS: readonly string[] = [
  ...STAGE_OUTCOME_SUBJECTS,
  inventoryArtefactReceivedV1.subject,
  ...FUND_LOCKS.map(([contract]) => contract.subject),
];

const completedStage = new Map(COMPLETIONS.map(([contract, stage]) => [contract.name, stage]));
const failureNames = new Set(FAILURES.map((contract) => contract.name));
const fundLock = new Map(FUND_LOCKS.map(([contract, lock]) => [contract.name, lock]));

/** A decoded stage outcome: its id, its contract name and its data at the latest version. */
export interface StageOutcomeEvent {
  id: string;
  name: string;
  data: unknown;
}

/** The cycle command a stage outcome event stands for; undefined for any other event. */
export function stageOutcomeCommand(
  event: StageOutcomeEvent,
  now: Date,
): RecordStageCompleted | RecordStageFailed | undefined {
  const metadata = { now };
  const stage = completedStage.get(event.name);
  if (stage) {
    const { cycleId, runId } = event.data as InventoryCompletedV1;
    return {
      type: 'RecordStageCompleted',
      data: { cycleId, runId, stage, causeEventId: event.id },
      metadata,
    };
  }
  if (failureNames.has(event.name)) {
    const { cycleId, runId, stage: failed, errorCode, diagnostics } = event.data as IngestStageFailedV1;
    return {
      type: 'RecordStageFailed',
      data: { cycleId, runId, stage: failed, errorCode, diagnostics, causeEventId: event.id },
      metadata,
    };
  }
  return undefined;
}

/** The lock an approval or publication puts on its fund in its run; undefined for any other event. */
export function fundLockCommand(event: StageOutcomeEvent, now: Date): RecordFundLocked | undefined {
  const lock = fundLock.get(event.name);
  if (!lock) return undefined;
  const { cycleId, runId, fundId } = event.data as FundApprovedV1;
  return {
    type: 'RecordFundLocked',
    data: { cycleId, runId, fundId, lock, causeEventId: event.id },
    metadata: { now },
  };
}

/** A (fund, artefact type) a run has received in a way that fills its expected slot. */
export interface ReceivedArtefact {
  runId: string;
  fundId: string;
  artefactType: string;
  receivedAt: string;
}

// As ingest counts a receipt for its slot: a stale, duplicate, unexpected or unrecognised one does not.
const COUNTING: ReadonlySet<InventoryAssessment> = new Set(['fresh', 'undated', 'superseding']);

/** What an ingest receipt adds to its run's received artefacts; undefined for any other event or one that does not count. */
export function receivedArtefact(event: StageOutcomeEvent): ReceivedArtefact | undefined {
  if (event.name !== inventoryArtefactReceivedV1.name) return undefined;
  const { runId, fundId, documentType, assessment, at } = event.data as InventoryArtefactReceivedV1;
  if (fundId === undefined || !COUNTING.has(assessment)) return undefined;
  return { runId, fundId, artefactType: documentType, receivedAt: at };
}
