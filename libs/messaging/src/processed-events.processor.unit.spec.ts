import { FaiError } from '@fai/contracts';
import { errorBody, eventLogContext, retryDelayMs } from './processed-events.processor';

describe('retry delays', () => {
  it('follow the backoff by attempt and repeat the last value', () => {
    const backoff = [1000, 5000, 30_000];
    expect([1, 2, 3, 4, 9].map((attempt) => retryDelayMs(backoff, attempt))).toEqual([
      1000, 5000, 30_000, 30_000, 30_000,
    ]);
    expect(retryDelayMs([], 1)).toBeUndefined();
  });
});

describe('dead-letter error bodies', () => {
  it('keep a FaiError code and hint, and give other errors the fallback code', () => {
    expect(
      errorBody(new FaiError({ code: 'CONTRACT_VIOLATION', message: 'bad', hint: 'fix it' }), 'X'),
    ).toEqual({
      code: 'CONTRACT_VIOLATION',
      message: 'bad',
      hint: 'fix it',
    });
    expect(errorBody(new TypeError('boom'), 'HANDLER_FAILED')).toEqual({
      code: 'HANDLER_FAILED',
      message: 'boom',
    });
  });
});

it('takes the log context from the CloudEvent extensions', () => {
  const context = eventLogContext({
    specversion: '1.0',
    id: 'e1',
    source: 's',
    type: 't',
    time: '',
    datacontenttype: 'application/json',
    dataschema: '',
    data: {},
    correlationid: 'corr-1',
    cycleid: 'cycle-1',
    runid: 'run-1',
    fundid: 'fund-1',
    portfolioid: 'pf-1',
    tenantid: 'tenant-1',
  });
  expect(context).toEqual({
    correlationId: 'corr-1',
    cycleId: 'cycle-1',
    runId: 'run-1',
    fundId: 'fund-1',
    portfolioId: 'pf-1',
    tenantId: 'tenant-1',
  });
});
