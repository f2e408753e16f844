import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FaiError,
  inventoryCompletedV1,
  openAdhocCycleV1,
  registerPortfolioV1,
  type AnyCommandContract,
} from '@fai/contracts';
import { CommandClient } from '@fai/messaging';
import { EmbeddedRuntime, FaiPlatformModule } from '@fai/service-kit';
import { eventually } from '@fai/testing';
import type { ClientProxy } from '@nestjs/microservices';
import { schedulerService } from '../src/index';
import { FUNDS, readModelRow, stageEvent, storedEvents, WAIT_MS } from './support';

/*
 * The scheduler in the embedded default: the same module as deployed, on PGlite, the in-process bus
 * and in-process commands. Commands reach it, its read models are built on PGlite, and a stage
 * outcome published on the in-process bus moves its run.
 */

const SCHEMA = 'scheduler';
let runtime: EmbeddedRuntime;
let app: INestApplication;
let proxy: ClientProxy;
let client: CommandClient;

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  app = await NestFactory.create(
    FaiPlatformModule.forService(schedulerService, {
      env: { FAI_LOG_LEVEL: 'error', FAI_SCHEDULER_TICK_MS: '200' },
      embedded: runtime,
    }),
    { logger: false },
  );
  await app.init();
  proxy = runtime.commands.client();
  await proxy.connect();
  client = new CommandClient(proxy, { timeoutMs: 10_000 });
});

afterAll(async () => {
  await proxy?.close();
  await app?.close();
  await runtime?.close();
});

function send<TReply>(contract: AnyCommandContract, request: Record<string, unknown>): Promise<TReply> {
  return client.send<TReply>(contract.subject, {
    commandId: randomUUID(),
    actor: 'user-42',
    reason: 'Embedded test.',
    ...request,
  });
}

it('answers commands, builds its read models on PGlite and moves a run on a stage outcome from the in-process bus', async () => {
  const portfolio = {
    portfolioId: 'pf-001',
    tenantId: 'tenant-acme',
    name: 'Global Equity Selection',
    baseCurrency: 'EUR',
    funds: FUNDS,
  };
  // The command server starts once the platform has started; until then nobody answers.
  await eventually(
    'the scheduler to answer commands',
    () =>
      send(registerPortfolioV1, portfolio).catch((error: unknown) => {
        if (error instanceof FaiError && error.code === 'COMMAND_UNAVAILABLE') return undefined;
        throw error;
      }),
    WAIT_MS,
  );
  const { cycleId, runId } = await send<{ cycleId: string; runId: string }>(openAdhocCycleV1, {
    portfolioId: 'pf-001',
    period: '2026-10',
  });
  const overview = (stage: string) =>
    eventually(
      `the cycle at stage ${stage}`,
      async () => {
        const row = await readModelRow(runtime.database, SCHEMA, 'cycle_overview', { cycle_id: cycleId });
        return row?.stage === stage ? row : undefined;
      },
      WAIT_MS,
    );
  await overview('ingest');

  await runtime.bus.publisher.publish([
    stageEvent(
      inventoryCompletedV1,
      { portfolioId: 'pf-001', cycleId, runId, at: new Date().toISOString() },
      randomUUID(),
    ),
  ]);
  expect(await overview('extract')).toMatchObject({ state: 'running', current_run_id: runId });
  expect(await storedEvents(runtime.database, SCHEMA, 'RunStageCompleted')).toEqual([
    expect.objectContaining({ data: expect.objectContaining({ runId, stage: 'ingest' }) }),
  ]);
});
