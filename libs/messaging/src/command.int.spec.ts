import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientProxyFactory,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { FaiError } from '@fai/contracts';
import { currentLogContext, initTracing, type Tracing } from '@fai/observability';
import { NATS_URL, uniqueName } from '@fai/testing';
import { context, trace } from '@opentelemetry/api';
import { CommandFailedError } from './command';
import { CommandClient } from './command-client';
import { CommandContextInterceptor, CommandExceptionFilter } from './command-server';

const prefix = `fai-cmd.${uniqueName('cmd')}`;
const OPEN_CYCLE = `${prefix}.open-cycle.v1`;
const REFUSE = `${prefix}.refuse.v1`;
const CRASH = `${prefix}.crash.v1`;
const SLOW = `${prefix}.slow.v1`;
const NOBODY = `${prefix}.nobody-listens.v1`;

let releaseSlow: () => void = () => undefined;

@Controller()
class CyclesController {
  @MessagePattern(OPEN_CYCLE)
  openCycle(@Payload() request: { portfolioId: string }) {
    return {
      cycleId: `cycle-${request.portfolioId}`,
      traceId: trace.getSpanContext(context.active())?.traceId,
      correlationId: currentLogContext().correlationId,
    };
  }

  @MessagePattern(REFUSE)
  refuse(): never {
    throw new FaiError({
      code: 'CYCLE_ALREADY_OPEN',
      message: 'cycle pf-1/2025-01 is already open',
      hint: 'Start a rerun of the open cycle instead.',
      details: { cycleId: 'cycle-pf-1' },
    });
  }

  @MessagePattern(CRASH)
  crash(): never {
    throw new Error('connect ECONNREFUSED postgres://admin:s3cret@db.internal:5432');
  }

  @MessagePattern(SLOW)
  async slow(): Promise<string> {
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return 'late';
  }
}

@Module({ controllers: [CyclesController] })
class CyclesModule {}

let app: INestMicroservice;
let proxy: ClientProxy;
let client: CommandClient;
let tracing: Tracing;
const serverErrors: string[] = [];

beforeAll(async () => {
  tracing = initTracing('command-int');
  app = await NestFactory.createMicroservice<MicroserviceOptions>(CyclesModule, {
    transport: Transport.NATS,
    options: { servers: [NATS_URL] },
    logger: false,
  });
  app.useGlobalFilters(
    new CommandExceptionFilter({ error: (_, meta) => serverErrors.push(String(meta?.error)) }),
  );
  app.useGlobalInterceptors(new CommandContextInterceptor());
  await app.listen();
  proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await proxy.connect();
  client = new CommandClient(proxy);
});

afterAll(async () => {
  releaseSlow();
  await proxy.close();
  await app.close();
  await tracing.shutdown();
});

describe('commands over NATS request/reply', () => {
  it('return the reply, with the caller trace and correlation id carried to the handler', async () => {
    const { reply, traceId } = await tracing.tracer.startActiveSpan('gateway request', async (span) => {
      const result = await client.send<{ cycleId: string; traceId: string; correlationId: string }>(
        OPEN_CYCLE,
        { portfolioId: 'pf-1' },
        { correlationId: 'corr-42' },
      );
      span.end();
      return { reply: result, traceId: span.spanContext().traceId };
    });
    expect(reply).toEqual({ cycleId: 'cycle-pf-1', traceId, correlationId: 'corr-42' });
  });

  it('give a call without a correlation id a fresh one', async () => {
    const first = await client.send<{ correlationId: string }>(OPEN_CYCLE, { portfolioId: 'pf-2' });
    const second = await client.send<{ correlationId: string }>(OPEN_CYCLE, { portfolioId: 'pf-2' });
    expect(first.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.correlationId).not.toBe(first.correlationId);
  });

  it('re-raise the service error with its code, hint and details', async () => {
    const error = await client.send(REFUSE, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandFailedError);
    expect((error as CommandFailedError).toBody()).toEqual({
      code: 'CYCLE_ALREADY_OPEN',
      message: 'cycle pf-1/2025-01 is already open',
      hint: 'Start a rerun of the open cycle instead.',
      details: { cycleId: 'cycle-pf-1' },
    });
  });

  it('reply INTERNAL_ERROR for an unexpected failure, without its internals', async () => {
    const error = (await client.send(CRASH, {}).catch((caught: unknown) => caught)) as FaiError;
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(error.toBody())).not.toMatch(/s3cret|db\.internal|ECONNREFUSED/);
    expect(serverErrors.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('time out with COMMAND_TIMEOUT', async () => {
    const error = (await client
      .send(SLOW, {}, { timeoutMs: 200 })
      .catch((caught: unknown) => caught)) as FaiError;
    expect(error.code).toBe('COMMAND_TIMEOUT');
    releaseSlow();
  });

  it('fail fast with COMMAND_UNAVAILABLE when no service listens', async () => {
    const started = Date.now();
    const error = (await client
      .send(NOBODY, {}, { timeoutMs: 3000 })
      .catch((caught: unknown) => caught)) as FaiError;
    expect(error.code).toBe('COMMAND_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
