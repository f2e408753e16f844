import { PassThrough } from 'node:stream';
import { FaiError } from '@fai/contracts';
import { createLogger } from './logger';
import { withLogContext } from './log-context';

class FundNotFoundError extends FaiError {
  constructor(fundId: string) {
    super({
      code: 'FUND_NOT_FOUND',
      message: `fund ${fundId} is not in the portfolio`,
      hint: 'Check the fund id.',
      details: { fundId, apiToken: 'tok-123' },
    });
  }
}

/** A logger writing to memory, and the JSON records it wrote so far. */
function captureLogger(level?: string) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = createLogger('validation', { level, stream });
  const records = async (): Promise<Array<Record<string, unknown>>> => {
    await new Promise((resolve) => setImmediate(resolve));
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  };
  return { logger, records };
}

describe('createLogger', () => {
  it('writes one JSON object per line with timestamp, level, message and service', async () => {
    const { logger, records } = captureLogger();
    logger.info('cycle opened', { periodEnd: '2024-01-31' });
    logger.warn('late artefact');

    const [opened, late] = await records();
    expect(opened).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      level: 'info',
      message: 'cycle opened',
      service: 'validation',
      periodEnd: '2024-01-31',
    });
    expect(late).toMatchObject({ level: 'warn', message: 'late artefact' });
  });

  it('leaves out levels below the configured one', async () => {
    const { logger, records } = captureLogger('warn');
    logger.info('not written');
    logger.debug('not written either');
    logger.error('written');

    expect((await records()).map((record) => record.message)).toEqual(['written']);
  });

  it('adds the current log context as snake_case fields', async () => {
    const { logger, records } = captureLogger();
    withLogContext({ requestId: 'req-1', tenantId: 't-1', userId: 'u-1' }, () =>
      withLogContext({ cycleId: 'c-1', runId: 'r-1', fundId: 'f-1', stage: 'extract' }, () =>
        logger.info('claims extracted'),
      ),
    );
    await withLogContext({ correlationId: 'corr-1', portfolioId: 'p-1' }, async () => {
      await Promise.resolve();
      logger.info('after an await');
    });

    const [extracted, later] = await records();
    expect(extracted).toMatchObject({
      request_id: 'req-1',
      tenant_id: 't-1',
      user_id: 'u-1',
      cycle_id: 'c-1',
      run_id: 'r-1',
      fund_id: 'f-1',
      stage: 'extract',
    });
    expect(later).toMatchObject({ correlation_id: 'corr-1', portfolio_id: 'p-1' });
    expect(later).not.toHaveProperty('request_id');
  });

  it('describes a FaiError logged on its own with class, code, message and stack', async () => {
    const { logger, records } = captureLogger();
    logger.error(new FundNotFoundError('f-9'));

    const [record] = await records();
    expect(record).toMatchObject({
      level: 'error',
      message: 'fund f-9 is not in the portfolio',
      error_class: 'FundNotFoundError',
      error_code: 'FUND_NOT_FOUND',
      error_message: 'fund f-9 is not in the portfolio',
      error_details: { fundId: 'f-9', apiToken: '***' },
      stack: expect.stringContaining('FundNotFoundError: fund f-9 is not in the portfolio'),
    });
    expect(record).not.toHaveProperty('code');
    expect(record).not.toHaveProperty('hint');
  });

  it('describes an error passed after the message or under the error key', async () => {
    const { logger, records } = captureLogger();
    logger.error('extraction failed', new TypeError('bad page'));
    logger.error('validation failed', { error: new FundNotFoundError('f-2'), attempt: 3 });

    const [afterMessage, underKey] = await records();
    expect(afterMessage).toMatchObject({
      message: 'extraction failed bad page',
      error_class: 'TypeError',
      error_message: 'bad page',
      stack: expect.stringContaining('TypeError: bad page'),
    });
    expect(afterMessage).not.toHaveProperty('error_code');
    expect(underKey).toMatchObject({
      message: 'validation failed',
      error_class: 'FundNotFoundError',
      error_code: 'FUND_NOT_FOUND',
      attempt: 3,
    });
    expect(underKey).not.toHaveProperty('error');
  });

  it('never writes secrets: secret keys, URL credentials and bearer tokens are masked', async () => {
    const { logger, records } = captureLogger();
    logger.info('connecting to postgres://fai:s3cret@db:5432/fai', {
      password: 'hunter2',
      headers: { authorization: 'Bearer abc.def', cookie: 'sid=1', accept: 'application/json' },
      natsUrl: 'nats://user:pw@nats:4222',
      clientSecret: 'xyz',
      accessToken: 'at-1',
    });
    logger.error(new Error('login failed for https://admin:pw@idp/token with Bearer eyJhbGciOi.x.y'));

    const [connecting, failed] = await records();
    expect(connecting).toMatchObject({
      message: 'connecting to postgres://***@db:5432/fai',
      password: '***',
      headers: { authorization: '***', cookie: '***', accept: 'application/json' },
      natsUrl: 'nats://***@nats:4222',
      clientSecret: '***',
      accessToken: '***',
    });
    expect(failed.message).toBe('login failed for https://***@idp/token with Bearer ***');
    expect(failed.stack).not.toContain('admin:pw');
    const written = JSON.stringify([connecting, failed]);
    for (const secret of ['s3cret', 'hunter2', 'abc.def', 'sid=1', 'user:pw', 'xyz', 'at-1', 'eyJhbGciOi']) {
      expect(written).not.toContain(secret);
    }
  });

  it('has no trace fields outside a span', async () => {
    const { logger, records } = captureLogger();
    logger.info('no span');

    const [record] = await records();
    expect(record).not.toHaveProperty('trace_id');
    expect(record).not.toHaveProperty('span_id');
  });
});
