import { runExtractionStatus, runOutcomeEvent, runOutcomeEventId } from './run-completion';

const run = {
  portfolioId: 'pf-001',
  cycleId: 'pf-001-2026-10-scheduled',
  runId: 'pf-001-2026-10-scheduled-run-1',
};
const at = '2026-11-04T10:02:00.000Z';

describe('run extraction status', () => {
  it('keeps collecting until ingest closes the inventory, whatever is extracted', () => {
    expect(runExtractionStatus(false, [{ artefactId: 'a', outcome: { kind: 'extracted' } }])).toEqual({
      status: 'collecting',
    });
  });

  it('waits for every artefact of a closed inventory', () => {
    expect(
      runExtractionStatus(true, [{ artefactId: 'a', outcome: { kind: 'extracted' } }, { artefactId: 'b' }]),
    ).toEqual({ status: 'extracting', waitingFor: ['b'] });
  });

  it('completes when every artefact has claims or a recorded failure: unreadable documents are exceptions', () => {
    const status = runExtractionStatus(true, [
      { artefactId: 'a', outcome: { kind: 'extracted' } },
      { artefactId: 'b', outcome: { kind: 'failed', errorCode: 'EXTRACTION_MALFORMED_XML' } },
    ]);
    expect(status).toEqual({ status: 'completed', extracted: 1, failed: 1 });
    expect(runOutcomeEvent(run, status, at)).toEqual({
      type: 'RunExtractionCompleted',
      data: { ...run, at },
    });
  });

  it('completes a closed inventory that holds nothing to extract', () => {
    expect(runExtractionStatus(true, [])).toEqual({ status: 'completed', extracted: 0, failed: 0 });
  });

  it('fails the stage when an input’s stored bytes do not match their hash', () => {
    const status = runExtractionStatus(true, [
      { artefactId: 'a', outcome: { kind: 'extracted' } },
      { artefactId: 'b', outcome: { kind: 'failed', errorCode: 'ARTEFACT_CORRUPTED' } },
    ]);
    expect(status).toEqual({ status: 'failed', errorCode: 'ARTEFACT_CORRUPTED', artefactIds: ['b'] });
    expect(runOutcomeEvent(run, status, at)).toMatchObject({
      type: 'ExtractionStageFailed',
      data: {
        ...run,
        stage: 'extract',
        errorCode: 'ARTEFACT_CORRUPTED',
        diagnostics: { artefactIds: ['b'] },
        at,
      },
    });
  });

  it('decides no event while the stage is still open, and one id per run', () => {
    expect(runOutcomeEvent(run, { status: 'extracting', waitingFor: ['b'] }, at)).toBeUndefined();
    expect(runOutcomeEventId(run.runId)).toBe(runOutcomeEventId(run.runId));
    expect(runOutcomeEventId(run.runId)).not.toBe(runOutcomeEventId(`${run.runId}x`));
  });
});
