import { describeProgress, stageSpans } from './cycle-bench';

describe('the cycle benchmark', () => {
  const firstUploadAt = new Date('2026-11-22T08:00:00.000Z');
  const at = (seconds: number) => new Date(firstUploadAt.getTime() + seconds * 1000);

  it('spans each stage from its start to its completion, seconds after the first upload', () => {
    const spans = stageSpans(
      [
        { type: 'RunStageStarted', stage: 'ingest', at: at(-1) },
        { type: 'RunStageCompleted', stage: 'ingest', at: at(8) },
        { type: 'RunStageStarted', stage: 'extract', at: at(8) },
        { type: 'RunStageCompleted', stage: 'extract', at: at(10.5) },
        { type: 'RunStageStarted', stage: 'validate', at: at(10.5) },
      ],
      firstUploadAt,
    );
    expect(spans).toEqual([
      { stage: 'ingest', from: -1, seconds: 9 },
      { stage: 'extract', from: 8, seconds: 2.5 },
      { stage: 'validate', from: 10.5, seconds: NaN },
    ]);
  });

  it('says how far the run got: its stage and what each service has done', () => {
    const counts = new Map([
      ['ArtefactIngested', 79],
      ['ClaimsExtracted', 79],
      ['FundValidated', 20],
      ['MemoDrafted', 3],
    ]);
    expect(describeProgress('report', counts, 79, 20)).toBe(
      'stage report, uploaded 79, ingested 79, extracted 79 (failed 0), validated 20/20 funds, memos drafted 3/20',
    );
  });
});
