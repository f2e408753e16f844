import { createServer, type AddressInfo } from 'node:net';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigError } from '@fai/config';
import { currentLogContext } from '@fai/observability';
import { NATS_URL, PG_URL, createTestSchema, uniqueName, type TestSchema } from '@fai/testing';
import { connect, type NatsConnection } from 'nats';
import { FaiPlatformModule, PlatformConfig, PlatformLifecycle, REQUEST_ID_HEADER } from './index';

/** Answers with the log context the handler runs in. */
@Controller('probe')
class LogContextProbe {
  @Get('context')
  context() {
    return currentLogContext();
  }
}

interface Booted {
  app: INestApplication;
  url: string;
}

interface Streams {
  events: string;
  deadLetters: string;
  env: NodeJS.ProcessEnv;
}

/** Stream names and subjects of this test alone: two streams may not capture the same subject. */
function uniqueStreams(): Streams {
  const prefix = uniqueName('kit');
  const events = `${prefix}_events`.toUpperCase();
  const deadLetters = `${prefix}_dlq`.toUpperCase();
  return {
    events,
    deadLetters,
    env: {
      FAI_EVENT_STREAM: events,
      FAI_EVENT_STREAM_SUBJECTS: `${prefix}.>`,
      FAI_DLQ_STREAM: deadLetters,
      FAI_DLQ_STREAM_SUBJECTS: `${prefix}-dlq.>`,
    },
  };
}

async function boot(env: NodeJS.ProcessEnv): Promise<Booted> {
  const moduleRef = await Test.createTestingModule({
    imports: [FaiPlatformModule.forRoot({ service: 'kit', configClass: PlatformConfig, env })],
    controllers: [LogContextProbe],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

interface Check {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/** Terminus' answer: `info` holds the checks that are up, `error` those that are down. */
interface Readiness {
  status: number;
  body: { status: string; info: Record<string, Check>; error: Record<string, Check> };
}

async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/** Polls readiness until `accept` holds; fails with the last answer after `timeoutMs`. */
async function readinessUntil(
  url: string,
  accept: (answer: Readiness) => boolean,
  timeoutMs = 15_000,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await readiness(url);
    if (accept(answer)) return answer;
    if (Date.now() > deadline)
      throw new Error(`readiness never matched; last answer ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('FaiPlatformModule on the real PostgreSQL and NATS', () => {
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });

  afterAll(async () => {
    await nc.close();
  });

  async function deleteStreams(streams: Streams): Promise<void> {
    const jsm = await nc.jetstreamManager();
    for (const name of [streams.events, streams.deadLetters]) {
      await jsm.streams.delete(name).catch(() => undefined);
    }
  }

  describe('two replicas started together on one schema', () => {
    let schema: TestSchema;
    let streams: Streams;
    let replicas: Booted[] = [];

    beforeAll(async () => {
      schema = await createTestSchema('kit', 2);
      streams = uniqueStreams();
      const env = {
        FAI_PG_URL: PG_URL,
        FAI_NATS_URL: NATS_URL,
        FAI_PG_SCHEMA: schema.schema,
        FAI_LOG_LEVEL: 'error',
        ...streams.env,
      };
      replicas = await Promise.all([boot(env), boot(env)]);
    });

    afterAll(async () => {
      await Promise.all(replicas.map(({ app }) => app.close()));
      await deleteStreams(streams);
      await schema.drop();
    });

    it('answers live at once, and ready once both have migrated the store and ensured the streams', async () => {
      for (const { url } of replicas) {
        expect((await fetch(`${url}/health/live`)).status).toBe(200);
        const { body } = await readinessUntil(url, ({ status }) => status === 200);
        expect(body).toMatchObject({
          status: 'ok',
          info: {
            lifecycle: { status: 'up', phase: 'started' },
            postgres: { status: 'up' },
            nats: { status: 'up' },
          },
        });
      }
      const { rows } = await schema.db.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema.schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['events', 'relay_checkpoints', 'schema_migrations']),
      );
      const jsm = await nc.jetstreamManager();
      expect((await jsm.streams.info(streams.events)).config.subjects).toEqual([
        streams.env.FAI_EVENT_STREAM_SUBJECTS,
      ]);
      expect((await jsm.streams.info(streams.deadLetters)).config.subjects).toEqual([
        streams.env.FAI_DLQ_STREAM_SUBJECTS,
      ]);
    });

    it('serves Prometheus metrics, with request durations by route template', async () => {
      const [{ url }] = replicas;
      await fetch(`${url}/health/live`);
      await fetch(`${url}/no/such/path`);
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(
        /^fai_http_request_seconds_count\{[^}]*method="GET",route="\/health\/live",status="200"[^}]*\} [1-9]/m,
      );
      expect(text).toMatch(/^fai_http_request_seconds_count\{[^}]*route="unmatched",status="404"[^}]*\} 1$/m);
      expect(text).toMatch(/^process_cpu_seconds_total\{service="kit"\}/m);
    });

    it("returns the caller's request id, or a new one, and runs the request in that log context", async () => {
      const [{ url }] = replicas;
      const given = await fetch(`${url}/probe/context`, { headers: { [REQUEST_ID_HEADER]: 'req-42.a:b' } });
      expect(given.headers.get(REQUEST_ID_HEADER)).toBe('req-42.a:b');
      expect(await given.json()).toEqual({ requestId: 'req-42.a:b' });

      const created = await fetch(`${url}/probe/context`);
      const createdId = created.headers.get(REQUEST_ID_HEADER);
      expect(createdId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await created.json()).toEqual({ requestId: createdId });

      // Too long to echo into logs: replaced rather than trusted.
      const refused = await fetch(`${url}/probe/context`, {
        headers: { [REQUEST_ID_HEADER]: 'x'.repeat(200) },
      });
      expect(refused.headers.get(REQUEST_ID_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('turns ready to 503 as soon as shutdown begins', async () => {
      const { app, url } = replicas[1];
      app.get(PlatformLifecycle).beginShutdown();
      const { status, body } = await readiness(url);
      expect(status).toBe(503);
      expect(body.error).toEqual({ lifecycle: { status: 'down', phase: 'stopping' } });
    });
  });

  it('answers ready with 503 naming PostgreSQL while PostgreSQL is unreachable', async () => {
    const streams = uniqueStreams();
    const env = {
      FAI_PG_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/test`,
      FAI_NATS_URL: NATS_URL,
      FAI_PG_SCHEMA: uniqueName('kit'),
      FAI_LOG_LEVEL: 'error',
      ...streams.env,
    };
    const { app, url } = await boot(env);
    try {
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      const { body } = await readinessUntil(url, ({ body }) => body.error?.lifecycle?.problem !== undefined);
      expect(body.status).toBe('error');
      expect(body.error.postgres).toEqual({
        status: 'down',
        message: expect.stringContaining('ECONNREFUSED'),
      });
      expect(body.error.lifecycle).toEqual({
        status: 'down',
        phase: 'starting',
        problem: expect.stringMatching(/^migrating the event store failed: .*ECONNREFUSED/),
      });
      expect(body.info.nats).toEqual({ status: 'up' });
    } finally {
      await app.close();
      await deleteStreams(streams);
    }
  });

  it('refuses to start on invalid settings, listing every bad key in one ConfigError', async () => {
    const env = { FAI_HTTP_PORT: 'eighty', FAI_PG_SCHEMA: 'Not-A-Schema', FAI_EVENT_STREAM: 'has space' };
    const compiling = Test.createTestingModule({
      imports: [FaiPlatformModule.forRoot({ service: 'kit', configClass: PlatformConfig, env })],
    }).compile();
    const error = await compiling.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    for (const key of Object.keys(env)) expect((error as ConfigError).message).toContain(key);
  });
});
