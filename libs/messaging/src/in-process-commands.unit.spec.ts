import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  EventPattern,
  MessagePattern,
  Payload,
  Transport,
  type MicroserviceOptions,
  type NatsContext,
} from '@nestjs/microservices';
import { FaiError } from '@fai/contracts';
import { currentLogContext, initTracing, withLogContext, type Tracing } from '@fai/observability';
import { context, trace } from '@opentelemetry/api';
import { of, throwError } from 'rxjs';
import { CORRELATION_ID_HEADER } from './cloud-event-mapping';
import { CommandFailedError, commandErrorReply } from './command';
import { CommandClient } from './command-client';
import { CommandContextInterceptor, CommandExceptionFilter } from './command-server';
import { InProcessClientProxy, InProcessCommandBus, InProcessCommandServer } from './in-process-commands';

const OPEN_CYCLE = 'fai-cmd.scheduler.open-cycle.v1';
const REFUSE = 'fai-cmd.scheduler.refuse.v1';
const CRASH = 'fai-cmd.scheduler.crash.v1';
const SLOW = 'fai-cmd.scheduler.slow.v1';
const CYCLE_CLOSED = 'fai-cmd.scheduler.cycle-closed.v1';
const NOBODY = 'fai-cmd.nobody.listens.v1';

const alreadyOpen = () =>
  new FaiError({
    code: 'CYCLE_ALREADY_OPEN',
    message: 'cycle pf-1/2025-01 is already open',
    hint: 'Start a rerun of the open cycle instead.',
    details: { cycleId: 'cycle-pf-1' },
  });

async function listen(server: InProcessCommandServer): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    server.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
}

async function failure(sending: Promise<unknown>): Promise<FaiError> {
  return sending.then(
    () => {
      throw new Error('the command was expected to fail');
    },
    (caught: unknown) => caught as FaiError,
  );
}

describe('commands in process, on a bare server (addHandler + listen)', () => {
  const bus = new InProcessCommandBus();
  const client = new CommandClient(new InProcessClientProxy(bus));
  const servers: InProcessCommandServer[] = [];
  const catalogue = { funds: ['fund-a'] };

  async function serve(register: (server: InProcessCommandServer) => void): Promise<InProcessCommandServer> {
    const server = new InProcessCommandServer(bus);
    register(server);
    await listen(server);
    servers.push(server);
    return server;
  }

  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  it('answers with the handler reply, the request headers and subject in a NatsContext', async () => {
    await serve((server) =>
      server.addHandler(OPEN_CYCLE, async (data: unknown, ctx: NatsContext) =>
        of({
          request: data,
          subject: ctx.getSubject(),
          correlationId: ctx.getHeaders()?.get(CORRELATION_ID_HEADER),
        }),
      ),
    );
    const reply = await client.send(OPEN_CYCLE, { portfolioId: 'pf-1' }, { correlationId: 'corr-7' });
    expect(reply).toEqual({ request: { portfolioId: 'pf-1' }, subject: OPEN_CYCLE, correlationId: 'corr-7' });
  });

  it('copies requests and replies as the wire would, so caller and handler share no object', async () => {
    await serve((server) =>
      server.addHandler(OPEN_CYCLE, async (data: { portfolioId: string; at: Date }) => {
        const seen = { ...data };
        data.portfolioId = 'changed by the handler';
        return of({ seen, catalogue });
      }),
    );
    const request = { portfolioId: 'pf-1', at: new Date('2025-01-31T00:00:00Z') };
    const reply = await client.send<{ seen: unknown; catalogue: { funds: string[] } }>(OPEN_CYCLE, request);
    expect(request.portfolioId).toBe('pf-1');
    expect(reply.seen).toEqual({ portfolioId: 'pf-1', at: '2025-01-31T00:00:00.000Z' });
    reply.catalogue.funds.push('changed by the caller');
    expect(catalogue.funds).toEqual(['fund-a']);
  });

  it('re-raises an error body with its code and hint', async () => {
    await serve((server) =>
      server.addHandler(REFUSE, async () => throwError(() => commandErrorReply(alreadyOpen()))),
    );
    const error = await failure(client.send(REFUSE, {}));
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error.toBody()).toEqual(alreadyOpen().toBody());
  });

  it('replies INTERNAL_ERROR when the reply cannot travel as JSON', async () => {
    await serve((server) => server.addHandler(OPEN_CYCLE, async () => of({ units: BigInt(10) })));
    expect((await failure(client.send(OPEN_CYCLE, {}))).code).toBe('INTERNAL_ERROR');
  });

  it('shares the requests of a subject between replicas in turn', async () => {
    for (const replica of ['replica-1', 'replica-2'])
      await serve((server) => server.addHandler(OPEN_CYCLE, async () => of(replica)));
    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push(await client.send(OPEN_CYCLE, {}));
    expect(replies).toEqual(['replica-1', 'replica-2', 'replica-1', 'replica-2']);
  });

  it('stops answering once closed: COMMAND_UNAVAILABLE', async () => {
    const server = await serve((s) => s.addHandler(OPEN_CYCLE, async () => of('open')));
    await expect(client.send(OPEN_CYCLE, {})).resolves.toBe('open');
    server.close();
    expect((await failure(client.send(OPEN_CYCLE, {}))).code).toBe('COMMAND_UNAVAILABLE');
  });
});

let releaseSlow: () => void = () => undefined;
const closedCycles: string[] = [];

@Controller()
class CyclesController {
  // Bound to NATS: the in-process server stands in for it.
  @MessagePattern(OPEN_CYCLE, Transport.NATS)
  openCycle(@Payload() request: { portfolioId: string }) {
    const { correlationId, cycleId } = currentLogContext();
    return {
      cycleId: `cycle-${request.portfolioId}`,
      traceId: trace.getSpanContext(context.active())?.traceId,
      correlationId,
      callerCycleId: cycleId,
    };
  }

  @MessagePattern(REFUSE)
  refuse(): never {
    throw alreadyOpen();
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

  @EventPattern(CYCLE_CLOSED)
  cycleClosed(@Payload() event: { cycleId: string }): void {
    closedCycles.push(event.cycleId);
  }
}

@Module({ controllers: [CyclesController] })
class CyclesModule {}

describe('commands in process, on a Nest microservice with @MessagePattern controllers', () => {
  const bus = new InProcessCommandBus();
  const proxy = new InProcessClientProxy(bus);
  const client = new CommandClient(proxy);
  const serverErrors: string[] = [];
  let app: INestMicroservice;
  let tracing: Tracing;

  beforeAll(async () => {
    tracing = initTracing('in-process-commands');
    app = await NestFactory.createMicroservice<MicroserviceOptions>(CyclesModule, {
      strategy: new InProcessCommandServer(bus),
      logger: false,
    });
    app.useGlobalFilters(
      new CommandExceptionFilter({ error: (_, meta) => serverErrors.push(String(meta?.error)) }),
    );
    app.useGlobalInterceptors(new CommandContextInterceptor());
    await app.listen();
  });

  afterAll(async () => {
    releaseSlow();
    await app.close();
    await tracing.shutdown();
  });

  it('returns the reply, with the caller trace and correlation id and none of its other log context', async () => {
    const { reply, traceId } = await tracing.tracer.startActiveSpan('gateway request', (span) =>
      withLogContext({ cycleId: 'the-caller-cycle' }, async () => {
        const result = await client.send(OPEN_CYCLE, { portfolioId: 'pf-1' }, { correlationId: 'corr-42' });
        span.end();
        return { reply: result, traceId: span.spanContext().traceId };
      }),
    );
    expect(reply).toEqual({ cycleId: 'cycle-pf-1', traceId, correlationId: 'corr-42' });
  });

  it('re-raises a refusal with its code, hint and details', async () => {
    const error = await failure(client.send(REFUSE, {}));
    expect(error).toBeInstanceOf(CommandFailedError);
    expect(error.toBody()).toEqual(alreadyOpen().toBody());
  });

  it('replies INTERNAL_ERROR for an unexpected failure, without its internals', async () => {
    const error = await failure(client.send(CRASH, {}));
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(error.toBody())).not.toMatch(/s3cret|db\.internal|ECONNREFUSED/);
    expect(serverErrors.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('times out with COMMAND_TIMEOUT', async () => {
    expect((await failure(client.send(SLOW, {}, { timeoutMs: 100 }))).code).toBe('COMMAND_TIMEOUT');
    releaseSlow();
  });

  it('fails at once with COMMAND_UNAVAILABLE when nobody answers the subject', async () => {
    const started = Date.now();
    expect((await failure(client.send(NOBODY, {}, { timeoutMs: 3000 }))).code).toBe('COMMAND_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('hands an emitted event to its @EventPattern handler', async () => {
    await new Promise<void>((resolve, reject) =>
      proxy.emit(CYCLE_CLOSED, { cycleId: 'cycle-pf-1' }).subscribe({ complete: resolve, error: reject }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(closedCycles).toEqual(['cycle-pf-1']);
  });

  it('stops answering once the microservice closes: COMMAND_UNAVAILABLE', async () => {
    await app.close();
    expect((await failure(client.send(OPEN_CYCLE, { portfolioId: 'pf-1' }))).code).toBe(
      'COMMAND_UNAVAILABLE',
    );
  });
});
