import { PassThrough } from 'node:stream';
import { createLogger } from '@fai/observability';
import { NestWinstonLogger } from './nest-winston-logger';

function loggerWithLines(level = 'debug'): {
  nest: NestWinstonLogger;
  lines: () => Record<string, unknown>[];
} {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const nest = new NestWinstonLogger(createLogger('kit', { level, stream }));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { nest, lines };
}

describe('NestWinstonLogger', () => {
  it('writes Nest log calls as JSON lines with their context', () => {
    const { nest, lines } = loggerWithLines();
    nest.log('cycle opened', 'CyclesService');
    nest.warn('slow query', 'Db');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'cycle opened',
        context: 'CyclesService',
        service: 'kit',
      }),
      expect.objectContaining({ level: 'warn', message: 'slow query', context: 'Db' }),
    ]);
  });

  it('keeps the class and stack of an error Nest hands over as text', () => {
    const { nest, lines } = loggerWithLines();
    const failure = new TypeError('cannot read x');
    nest.error(failure.message, failure.stack, 'ExceptionsHandler');
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'error',
      message: 'cannot read x',
      context: 'ExceptionsHandler',
      error_class: 'TypeError',
      stack: failure.stack,
    });
  });

  it('reads an error without context as message and stack, not as a context', () => {
    const { nest, lines } = loggerWithLines();
    const failure = new Error('boom');
    nest.error('boom', failure.stack);
    expect(lines()[0]).toMatchObject({ error_class: 'Error', stack: failure.stack });
    expect(lines()[0]).not.toHaveProperty('context');
  });

  it("demotes Nest's start-up chatter to debug", () => {
    const { nest, lines } = loggerWithLines('info');
    nest.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    nest.log('Nest application successfully started', 'NestApplication');
    expect(lines()).toEqual([]);
  });
});
