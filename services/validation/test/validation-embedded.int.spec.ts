import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  activatePolicyV1,
  artefactIngestedV1,
  COMMAND_SUBJECT_PREFIX,
  cycleOpenedV1,
  getClaimsV1,
  getExceptionQueueV1,
  runExtractionCompletedV1,
  type ClaimView,
  type CommandContract,
  type EventContract,
  type GetClaimsRequest,
  type GetExceptionQueueReply,
} from '@fai/contracts';
import { CommandClient, type CommandServerStrategy } from '@fai/messaging';
import { EmbeddedRuntime, FaiPlatformModule, PlatformLifecycle } from '@fai/service-kit';
import { eventually, publishAs } from '@fai/testing';
import { validationService } from '../src/index';
import { ADMIN, artefactId, fixture, ingested, servedClaims } from './validation-world';

/**
 * Validation inside the embedded default: the same module on the process's PGlite, in-process bus
 * and in-process commands, asking extraction (here a stand-in on the same transport) for claims.
 */

const WAIT_MS = 30_000;
const FUND = 'fund-pimco-ldi';
const runRef = {
  portfolioId: 'pf-emb',
  cycleId: 'pf-emb-2024-06-scheduled',
  runId: 'pf-emb-2024-06-scheduled-run-1',
};
const run = { ...runRef, period: '2024-06' };
const nport = fixture('pimco-ldi-nport-2024-06.json');
const companions = fixture('pimco-ldi-cross-source-2024-06.json');

let runtime: EmbeddedRuntime;
let app: INestApplication;
let extraction: CommandServerStrategy;
let commands: CommandClient;
const claims = new Map<string, ClaimView[]>();

const send = <TRequest, TReply>(
  contract: CommandContract<TRequest, TReply>,
  request: TRequest,
): Promise<TReply> => commands.send(contract.subject, request);

/** An event as another service's relay publishes it onto the in-process bus. */
const publish = <T>(contract: EventContract<T>, data: T) => publishAs(runtime.bus.publisher, contract, data);

beforeAll(async () => {
  runtime = await EmbeddedRuntime.open();
  // Extraction's GetClaims, answered on the runtime's transport with the claims a test hands it.
  // Like the responder on NATS in validation-world: the fixtures' claims are served as they are, unchecked.
  extraction = runtime.commands.server({ service: 'extraction', subjectPrefix: COMMAND_SUBJECT_PREFIX });
  extraction.addHandler(getClaimsV1.subject, async (request: GetClaimsRequest) => ({
    claimSets: [],
    claims: claims.get(request.runId ?? '') ?? [],
  }));
  await new Promise<void>((resolve, reject) =>
    extraction.listen((error?: unknown) => (error ? reject(error as Error) : resolve())),
  );
  const env: NodeJS.ProcessEnv = { FAI_LOG_LEVEL: 'error', FAI_SHUTDOWN_GRACE_MS: '5000' };
  app = await NestFactory.create(
    FaiPlatformModule.forService(validationService, { env, embedded: runtime }),
    {
      logger: false,
    },
  );
  await app.init();
  await app.get(PlatformLifecycle).whenStarted();
  commands = new CommandClient(runtime.commands.client());
}, 60_000);

afterAll(async () => {
  await app?.close();
  await extraction?.close();
  await runtime?.close();
});

describe('validation embedded (PGlite, in-process bus and commands)', () => {
  it('validates a run from the bus with claims asked in process, and serves its exception queue', async () => {
    for (const policyId of ['ruleset@1', 'materiality@1', 'source-policy@1'])
      await send(activatePolicyV1, {
        commandId: `activate-${policyId}`,
        ...ADMIN,
        policyId,
        rationale: 'First calibrated version for the embedded default.',
      });
    await publish(cycleOpenedV1, {
      cycleId: run.cycleId,
      portfolioId: run.portfolioId,
      period: run.period,
      kind: 'scheduled',
      pinnedPolicyVersions: {},
      cause: { kind: 'clock' },
      at: '2026-11-04T07:00:00.000Z',
    });
    await publish(artefactIngestedV1, ingested(run, nport.artefacts[0], FUND, 'nport'));
    await publish(artefactIngestedV1, ingested(run, companions.artefacts[0], FUND, 'factsheet'));
    await publish(artefactIngestedV1, ingested(run, companions.artefacts[1], FUND, 'nav_history'));
    claims.set(run.runId, [
      ...servedClaims(nport, FUND, artefactId),
      ...servedClaims(companions, FUND, artefactId),
    ]);
    await publish(runExtractionCompletedV1, { ...runRef, at: '2026-11-04T10:30:00.000Z' });

    const queue = await eventually(
      'the ranked exceptions',
      async () => {
        const reply: GetExceptionQueueReply = await send(getExceptionQueueV1, { runId: run.runId });
        return reply.items.length > 0 ? reply : undefined;
      },
      WAIT_MS,
    );
    // The factsheet and the NAV file disagree with the N-PORT: a blocking contradiction heads the queue.
    expect(queue.items[0]).toMatchObject({
      kind: 'contradiction',
      blocking: true,
      status: 'open',
      fieldKey: 'fund.net_assets',
    });
  });
});
