import type { ExceptionRaisedV1, ExceptionResolvedV1 } from '@fai/contracts';
import type { Field } from '../fields/field';
import type { ExceptionRow } from '../infrastructure/validation-tables';
import { readyForReport } from '../run-validation/fund-readiness';
import type { ValidationRunOutput } from '../validation-run';
import { reviewedFields } from './fund-review';

const conflicted: Field = {
  key: 'fund.net_assets',
  metric: 'fund.net_assets',
  state: 'blank',
  blank: 'conflicted',
  reason: 'sources disagree',
  claimIds: ['c-1', 'c-2'],
  sourceCount: 2,
};
const raised = (exceptionId: string, fundId: string, blocking: boolean, fieldKey?: string) =>
  ({ exceptionId, fundId, blocking, ...(fieldKey && { fieldKey }) }) as ExceptionRaisedV1;
const row = (raisedEvent: ExceptionRaisedV1, resolution?: ExceptionResolvedV1): ExceptionRow => ({
  raised: raisedEvent,
  status: resolution ? 'resolved' : 'open',
  decisions: [],
  ...(resolution && { resolution }),
});

describe('a fund’s review', () => {
  it('shows a conflicted field with the value a reviewer chose; an open or rejected exception changes nothing', () => {
    const accepted = row(raised('exc-1', 'f', true, 'fund.net_assets'), {
      exceptionId: 'exc-1',
      action: 'accept',
      actor: 'reviewer-1',
      rationale: 'audited',
      resolution: { value: '100', unit: 'USD', source: { kind: 'claim', claimId: 'c-1' } },
      timeToCloseSeconds: 5,
      at: '2026-11-04T12:00:00.000Z',
    });
    expect(reviewedFields([conflicted], [accepted])).toEqual([
      {
        key: 'fund.net_assets',
        metric: 'fund.net_assets',
        state: 'value',
        value: '100',
        unit: 'USD',
        claimIds: ['c-1', 'c-2'],
        chosenClaimId: 'c-1',
        sourceCount: 2,
        resolvedByExceptionId: 'exc-1',
      },
    ]);
    expect(reviewedFields([conflicted], [row(raised('exc-1', 'f', true, 'fund.net_assets'))])).toEqual([
      conflicted,
    ]);
  });

  it('is ready for report at once only when none of the fund’s exceptions blocks, with the open ones counted', () => {
    const output = {
      portfolioId: 'pf',
      cycleId: 'c',
      runId: 'r',
      funds: [{ fundId: 'a' }, { fundId: 'b' }, { fundId: 'c' }],
      exceptions: [raised('e1', 'a', true), raised('e2', 'b', false), raised('e3', 'b', false)],
      summary: { at: '2026-11-04T10:30:00.000Z' },
    } as unknown as ValidationRunOutput;
    const policies = { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' };
    expect(readyForReport(output, policies).map((ready) => [ready.fundId, ready.openExceptions])).toEqual([
      ['b', 2],
      ['c', 0],
    ]);
  });
});
