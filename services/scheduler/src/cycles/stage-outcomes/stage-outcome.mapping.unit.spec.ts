import {
  deltasComputedV1,
  draftsCompletedV1,
  exceptionsRankedV1,
  fundApprovedV1,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  reportPublishedV1,
  runExtractionCompletedV1,
  validationCompletedV1,
  validationStageFailedV1,
} from '@fai/contracts';
import {
  CONSUMED_SUBJECTS,
  fundLockCommand,
  receivedArtefact,
  STAGE_OUTCOME_SUBJECTS,
  stageOutcomeCommand,
} from './stage-outcome.mapping';

const now = new Date('2026-11-04T09:00:00.000Z');

describe('stage outcome events', () => {
  it.each([
    [inventoryCompletedV1, 'ingest'],
    [runExtractionCompletedV1, 'extract'],
    [validationCompletedV1, 'validate'],
    [deltasComputedV1, 'compare'],
    [exceptionsRankedV1, 'rank'],
    [draftsCompletedV1, 'report'],
  ] as const)('%s completes its stage, named by the cause event', (contract, stage) => {
    expect(stageOutcomeCommand({ id: 'e-1', name: contract.name, data: contract.example }, now)).toEqual({
      type: 'RecordStageCompleted',
      data: { cycleId: contract.example.cycleId, runId: contract.example.runId, stage, causeEventId: 'e-1' },
      metadata: { now },
    });
  });

  it('turns a context failure into a stage failure with its stage, code and diagnostics', () => {
    const { example } = validationStageFailedV1;
    expect(
      stageOutcomeCommand({ id: 'e-2', name: validationStageFailedV1.name, data: example }, now),
    ).toEqual({
      type: 'RecordStageFailed',
      data: {
        cycleId: example.cycleId,
        runId: example.runId,
        stage: 'compare',
        errorCode: 'SNAPSHOT_UNREADABLE',
        diagnostics: example.diagnostics,
        causeEventId: 'e-2',
      },
      metadata: { now },
    });
  });

  it('ignores other events and lists one subject per outcome event', () => {
    expect(stageOutcomeCommand({ id: 'e-3', name: 'ArtefactIngested', data: {} }, now)).toBeUndefined();
    expect(STAGE_OUTCOME_SUBJECTS).toHaveLength(10);
    expect(STAGE_OUTCOME_SUBJECTS).toContain('fai.ingest.inventory-completed.v1');
    expect(STAGE_OUTCOME_SUBJECTS).toContain('fai.reporting.reporting-stage-failed.v1');
  });
});

describe('ingest artefact receipts', () => {
  const receipt = (data: Partial<typeof inventoryArtefactReceivedV1.example>) => ({
    id: 'e-4',
    name: inventoryArtefactReceivedV1.name,
    data: { ...inventoryArtefactReceivedV1.example, ...data },
  });

  it.each(['fresh', 'undated', 'superseding'] as const)(
    'a %s receipt fills its (fund, type) slot',
    (assessment) => {
      const { runId, at } = inventoryArtefactReceivedV1.example;
      expect(receivedArtefact(receipt({ assessment }))).toEqual({
        runId,
        fundId: 'fund-7',
        artefactType: 'nport',
        receivedAt: at,
      });
    },
  );

  it.each(['stale', 'duplicate', 'unexpected', 'unrecognised'] as const)(
    'a %s receipt fills nothing, as ingest counts it',
    (assessment) => expect(receivedArtefact(receipt({ assessment }))).toBeUndefined(),
  );

  it('needs a fund, ignores other events, and is consumed besides the stage outcomes', () => {
    expect(receivedArtefact(receipt({ fundId: undefined }))).toBeUndefined();
    expect(
      receivedArtefact({ id: 'e-5', name: inventoryCompletedV1.name, data: inventoryCompletedV1.example }),
    ).toBeUndefined();
    expect(stageOutcomeCommand(receipt({}), now)).toBeUndefined();
    expect(CONSUMED_SUBJECTS).toEqual([
      ...STAGE_OUTCOME_SUBJECTS,
      'fai.ingest.inventory-artefact-received.v1',
      'fai.approval.fund-approved.v1',
      'fai.reporting.report-published.v1',
    ]);
  });
});

describe('fund locks', () => {
  it.each([
    [fundApprovedV1, 'approved'],
    [reportPublishedV1, 'published'],
  ] as const)('%s locks its fund in its run, named by the cause event', (contract, lock) => {
    const { cycleId, runId, fundId } = contract.example;
    expect(fundLockCommand({ id: 'e-6', name: contract.name, data: contract.example }, now)).toEqual({
      type: 'RecordFundLocked',
      data: { cycleId, runId, fundId, lock, causeEventId: 'e-6' },
      metadata: { now },
    });
  });

  it('is no stage outcome, and other events lock nothing', () => {
    expect(
      stageOutcomeCommand({ id: 'e-7', name: fundApprovedV1.name, data: fundApprovedV1.example }, now),
    ).toBeUndefined();
    expect(
      fundLockCommand({ id: 'e-8', name: draftsCompletedV1.name, data: draftsCompletedV1.example }, now),
    ).toBeUndefined();
  });
});
