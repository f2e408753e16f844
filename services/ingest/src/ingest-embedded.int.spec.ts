import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ClientProxy } from '@nestjs/microservices';
import { getRunInventoryV1, type IntakeReply, type RunInventory } from '@fai/contracts';
import { CommandClient } from '@fai/messaging';
import { EmbeddedRuntime, FaiPlatformModule } from '@fai/service-kit';
import { eventually } from '@fai/testing';
import { ingestService } from './index';
import { nportXml } from './test/documents';
import { eventOf } from './test/ingest-app.harness';
import { multipartBody } from './test/multipart-body';
import {
  CYCLE,
  cycleOpened,
  expectedInventorySet,
  FUND_7,
  PORTFOLIO,
  portfolioRegistered,
  RUN,
  runStarted,
} from './test/scheduler-facts.fixture';

/*
 * Ingest in the embedded default: the same module as deployed, on PGlite, the in-process bus and
 * in-process commands. Scheduler events from the bus open a run's inventory, an upload lands in it,
 * a rerun carries it over, and the inventory is answered as a command.
 */

const WAIT_MS = 15_000;
const POLL_MS = 50;

let runtime: EmbeddedRuntime;
let app: INestApplication;
let url: string;
let artefactDir: string;
let proxy: ClientProxy;

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  artefactDir = await mkdtemp(join(tmpdir(), 'fai-ingest-embedded-'));
  app = await NestFactory.create(
    FaiPlatformModule.forService(ingestService, {
      env: { FAI_LOG_LEVEL: 'error', FAI_ARTEFACT_DIR: artefactDir },
      embedded: runtime,
    }),
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  proxy = runtime.commands.client();
  await proxy.connect();
});

afterAll(async () => {
  await proxy?.close();
  await app?.close();
  await runtime?.close();
  await rm(artefactDir, { recursive: true, force: true });
});

const expected = [{ fundId: FUND_7.fundId, artefacts: [{ artefactType: 'nport', required: true }] }];

it('opens inventories from scheduler events on the in-process bus, takes an upload and answers the inventory command', async () => {
  const facts = [portfolioRegistered(), expectedInventorySet(expected), cycleOpened(), runStarted()];
  await runtime.bus.publisher.publish(facts.map((fact) => eventOf(fact.type, fact.data)));
  const answers = (path: string) => async () => ((await fetch(`${url}${path}`)).ok ? true : undefined);
  await eventually('ingest to be ready', answers('/health/ready'), WAIT_MS, POLL_MS);
  await eventually('the run inventory', answers(`/runs/${RUN}/inventory`), WAIT_MS, POLL_MS);

  const { body, contentType } = multipartBody(
    { portfolioId: PORTFOLIO, fundId: FUND_7.fundId },
    { fileName: 'nport-2026-10.xml', contentType: 'application/xml', content: nportXml() },
  );
  const response = await fetch(`${url}/artefacts`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, 'x-fai-actor': 'user-42' },
  });
  expect(response.status).toBe(201);
  const intake = (await response.json()) as IntakeReply;
  expect(intake).toMatchObject({ outcome: 'ingested', documentType: 'nport', runId: RUN });

  // A rerun starts from what the run it replaces received.
  const rerun = runStarted(CYCLE, 2, RUN);
  await runtime.bus.publisher.publish([eventOf(rerun.type, rerun.data)]);
  const client = new CommandClient(proxy, { timeoutMs: 10_000 });
  const inventory = await eventually(
    'the rerun inventory',
    () =>
      client
        .send<RunInventory>(getRunInventoryV1.subject, { runId: `${CYCLE}-run-2` })
        .catch(() => undefined),
    WAIT_MS,
    POLL_MS,
  );
  expect(inventory.expected).toEqual([
    expect.objectContaining({ fundId: FUND_7.fundId, status: 'received', artefactId: intake.artefactId }),
  ]);
});
