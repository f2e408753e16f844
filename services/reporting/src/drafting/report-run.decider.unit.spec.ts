import { deciderSpecification } from '@fai/decider/testing';
import { reportRunDecider, type ReportRunCommand } from './report-run.decider';

const run = { portfolioId: 'pf-1', cycleId: 'pf-1-2026-10-scheduled', runId: 'pf-1-2026-10-scheduled-run-1' };
const now = new Date('2026-11-04T12:00:00.000Z');
const at = now.toISOString();
const spec = deciderSpecification(reportRunDecider);

const ready = (fundId: string): ReportRunCommand => ({
  type: 'RecordFundReady',
  data: { run, fundId },
  metadata: { now },
});
const drafted = (fundId: string): ReportRunCommand => ({
  type: 'RecordFundDrafted',
  data: { run, fundId },
  metadata: { now },
});
const ranked: ReportRunCommand = { type: 'RecordRunRanked', data: { run }, metadata: { now } };
const failure: ReportRunCommand = {
  type: 'RecordDraftFailure',
  data: { run, fundId: 'fund-b', errorCode: 'FUND_REVIEW_NOT_FOUND', message: 'no review', hint: 'rerun' },
  metadata: { now },
};

describe('a run’s report stage', () => {
  it('completes when the run is ranked after every ready fund was drafted', () => {
    spec
      .given([
        { type: 'FundQueued', data: { fundId: 'fund-a' } },
        { type: 'FundDraftRecorded', data: { fundId: 'fund-a' } },
      ])
      .when(ranked)
      .then([
        { type: 'RunRanked', data: {} },
        { type: 'DraftsCompleted', data: { ...run, at } },
      ]);
  });

  it('completes a run with no ready fund as soon as it is ranked', () => {
    spec
      .given([])
      .when(ranked)
      .then([
        { type: 'RunRanked', data: {} },
        { type: 'DraftsCompleted', data: { ...run, at } },
      ]);
  });

  it('waits for a fund ready before ranking, and completes when its draft is recorded', () => {
    spec
      .given([{ type: 'FundQueued', data: { fundId: 'fund-a' } }])
      .when(ranked)
      .then([{ type: 'RunRanked', data: {} }]);
    spec
      .given([
        { type: 'FundQueued', data: { fundId: 'fund-a' } },
        { type: 'RunRanked', data: {} },
      ])
      .when(drafted('fund-a'))
      .then([
        { type: 'FundDraftRecorded', data: { fundId: 'fund-a' } },
        { type: 'DraftsCompleted', data: { ...run, at } },
      ]);
  });

  it('does not wait for a fund that becomes ready after ranking, nor complete twice', () => {
    const completed = [
      { type: 'RunRanked', data: {} },
      { type: 'DraftsCompleted', data: { ...run, at } },
    ] as const;
    spec
      .given([...completed])
      .when(ready('fund-late'))
      .then([]);
    spec
      .given([...completed])
      .when(drafted('fund-late'))
      .then([{ type: 'FundDraftRecorded', data: { fundId: 'fund-late' } }]);
  });

  it('fails the stage once when a draft cannot be built', () => {
    spec
      .given([{ type: 'FundQueued', data: { fundId: 'fund-b' } }])
      .when(failure)
      .then([
        {
          type: 'ReportingStageFailed',
          data: {
            ...run,
            stage: 'report',
            errorCode: 'FUND_REVIEW_NOT_FOUND',
            diagnostics: { fundId: 'fund-b', message: 'no review', hint: 'rerun' },
            at,
          },
        },
      ]);
    const failed = spec.given([]).when(failure).thenEvents();
    spec.given(failed).when(failure).then([]);
    spec
      .given(failed)
      .when(ranked)
      .then([{ type: 'RunRanked', data: {} }]);
  });

  it('queues a fund once', () => {
    spec
      .given([{ type: 'FundQueued', data: { fundId: 'fund-a' } }])
      .when(ready('fund-a'))
      .then([]);
  });
});
