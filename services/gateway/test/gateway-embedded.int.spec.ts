import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  COMMAND_SUBJECT_PREFIX,
  portfolioRegisteredV1,
  registerPortfolioV1,
  type RegisterPortfolioRequest,
} from '@fai/contracts';
import { ident } from '@fai/event-store';
import {
  ServiceCommands,
  EmbeddedRuntime,
  FaiPlatformModule,
  route,
  type CommandServer,
} from '@fai/service-kit';
import { eventually, publishAs } from '@fai/testing';
import { gatewayService } from '../src/index';
import { resetReadModels } from '../src/projections/projection-consumer';
import { WAIT_MS } from './gateway-world';

/**
 * The gateway inside the embedded default: on the process's PGlite, in-process bus and in-process
 * commands, with the dev token issuer standing in for an identity provider (as the demo runs it).
 */

const SCHEMA = 'gateway';
const TENANT = 'tenant-embedded';

let runtime: EmbeddedRuntime;
let app: INestApplication;
let url: string;
let scheduler: CommandServer;
const outputDir = join(tmpdir(), `gateway-embedded-${randomUUID()}`);
const registered: RegisterPortfolioRequest[] = [];

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  // The scheduler's side of the command, answered on the runtime's in-process transport.
  scheduler = new ServiceCommands({
    service: 'scheduler',
    transport: runtime.commands,
    subjectPrefix: COMMAND_SUBJECT_PREFIX,
  }).serve([
    route(registerPortfolioV1, async (request) => {
      registered.push(request);
      return { portfolioId: request.portfolioId, changed: true };
    }),
  ]);
  await scheduler.start();
  const env: NodeJS.ProcessEnv = {
    FAI_DEV_TOKEN_ISSUER: 'true',
    FAI_OUTPUT_DIR: outputDir,
    FAI_LOG_LEVEL: 'error',
    FAI_SHUTDOWN_GRACE_MS: '5000',
  };
  app = await NestFactory.create(FaiPlatformModule.forService(gatewayService, { env, embedded: runtime }), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await eventually(
    'gateway ready',
    async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined),
    WAIT_MS,
  );
});

afterAll(async () => {
  await app?.close();
  await scheduler?.stop();
  await runtime?.close();
  await rm(outputDir, { recursive: true, force: true });
});

async function devToken(): Promise<string> {
  const response = await fetch(`${url}/api/v1/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subject: 'admin-1',
      roles: ['administrator'],
      tenantId: TENANT,
      portfolios: ['*'],
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

async function portfolioRead(token: string, portfolioId: string) {
  const response = await fetch(`${url}/api/v1/portfolios/${portfolioId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as { data: { name: string } } };
}

/** A PortfolioRegistered as the scheduler's relay publishes it onto the in-process bus. */
async function publishRegistered(portfolioId: string, name: string): Promise<void> {
  await publishAs(
    runtime.bus.publisher,
    portfolioRegisteredV1,
    { ...portfolioRegisteredV1.example, portfolioId, tenantId: TENANT, name },
    { tenantid: TENANT, portfolioid: portfolioId },
  );
}

describe('the gateway embedded (PGlite, in-process bus and commands)', () => {
  it('issues dev tokens, projects events from the bus and serves them in scope', async () => {
    const token = await devToken();
    await publishRegistered('pf-embedded', 'Embedded Equity');
    const read = await eventually(
      'the portfolio projected',
      async () => {
        const result = await portfolioRead(token, 'pf-embedded');
        return result.status === 200 ? result : undefined;
      },
      WAIT_MS,
    );
    expect(read.body.data.name).toBe('Embedded Equity');
  });

  it('forwards a command to its owning service over the in-process transport', async () => {
    const response = await fetch(`${url}/api/v1/portfolios`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await devToken()}`,
        'content-type': 'application/json',
        'idempotency-key': 'embedded-register-1',
      },
      body: JSON.stringify({
        portfolioId: 'pf-new',
        name: 'New',
        baseCurrency: 'EUR',
        funds: [],
        reason: 'embedded test',
      }),
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      portfolioId: 'pf-new',
      changed: true,
    });
    expect(registered).toEqual([
      expect.objectContaining({ portfolioId: 'pf-new', tenantId: TENANT, actor: 'admin-1' }),
    ]);
  });

  it('replays the bus into emptied read models after a rebuild', async () => {
    await publishRegistered('pf-rebuilt', 'Before Rebuild');
    const token = await devToken();
    await eventually(
      'the portfolio projected',
      async () => ((await portfolioRead(token, 'pf-rebuilt')).status === 200 ? true : undefined),
      WAIT_MS,
    );
    const generation = await resetReadModels(runtime.database, SCHEMA);
    // Only a replay into the new generation refills the truncated table.
    const names = await eventually(
      'the read models replayed',
      async () => {
        const { rows } = await runtime.database.query<{ id: string }>(
          `SELECT id FROM ${ident(SCHEMA)}.portfolio ORDER BY id`,
        );
        return rows.length === 2 ? rows.map((row) => row.id) : undefined;
      },
      WAIT_MS,
    );
    expect(generation).toBe(2);
    expect(names).toEqual(['pf-embedded', 'pf-rebuilt']);
    expect((await portfolioRead(token, 'pf-rebuilt')).status).toBe(200);
  });
});
