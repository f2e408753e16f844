import { FundHasBlockingExceptionsError, type ExceptionRaisedV1 } from '@fai/contracts';
import type { ExceptionState } from './exception.decider';
import { assertFundCanGoToReview, unresolvedBlocking } from './fund-review-gate';

const exception = (exceptionId: string, fundId: string, blocking: boolean) =>
  ({ exceptionId, fundId, blocking }) as ExceptionRaisedV1;
const state = (status: 'open' | 'monitoring', raised: ExceptionRaisedV1): ExceptionState => ({
  status,
  exception: raised,
});
const resolved = (raised: ExceptionRaisedV1): ExceptionState =>
  ({ status: 'resolved', exception: raised, resolution: {} }) as ExceptionState;

describe('fund review gate', () => {
  it('given only non-blocking or resolved exceptions, then the fund may go to review', () => {
    const exceptions = [state('open', exception('e1', 'f1', false)), resolved(exception('e2', 'f1', true))];
    expect(() => assertFundCanGoToReview('f1', exceptions)).not.toThrow();
  });

  it('given an open or monitored blocking exception, then the fund stays in draft', () => {
    const exceptions = [
      state('open', exception('e2', 'f1', true)),
      state('monitoring', exception('e1', 'f1', true)),
      state('open', exception('e3', 'f2', true)),
    ];
    expect(unresolvedBlocking('f1', exceptions)).toEqual(['e1', 'e2']);
    expect(() => assertFundCanGoToReview('f1', exceptions)).toThrow(
      expect.objectContaining({
        code: 'FUND_HAS_BLOCKING_EXCEPTIONS',
        details: { fundId: 'f1', exceptionIds: ['e1', 'e2'] },
      }),
    );
    expect(() => assertFundCanGoToReview('f1', exceptions)).toThrow(FundHasBlockingExceptionsError);
  });
});
