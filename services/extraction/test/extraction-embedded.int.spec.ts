import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FilesystemArtefactStore } from '@fai/artefact-store';
import { artefactIngestedV1, getClaimsV1, type GetClaimsReply } from '@fai/contracts';
import { PostgresEventStore } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { EmbeddedRuntime, FaiPlatformModule, PlatformLifecycle } from '@fai/service-kit';
import { eventually, publishAs } from '@fai/testing';
import { extractionService } from '../src/index';

/**
 * Extraction inside the embedded default: the same module on the process's PGlite, in-process bus
 * and in-process commands, as the demo runs it.
 */

const DUPREE = join(
  __dirname,
  'fixtures/nport/dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml',
);
const WAIT_MS = 30_000;

let runtime: EmbeddedRuntime;
let app: INestApplication;
let artefactDir: string;
let commands: CommandClient;

const settings = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  FAI_ARTEFACT_DIR: artefactDir,
  FAI_LOG_LEVEL: 'error',
  FAI_SHUTDOWN_GRACE_MS: '5000',
  ...extra,
});

beforeAll(async () => {
  artefactDir = await mkdtemp(join(tmpdir(), 'extraction-embedded-'));
  runtime = await EmbeddedRuntime.open();
  app = await NestFactory.create(
    FaiPlatformModule.forService(extractionService, { env: settings(), embedded: runtime }),
    { logger: false },
  );
  await app.init();
  await app.get(PlatformLifecycle).whenStarted();
  commands = new CommandClient(runtime.commands.client());
}, 60_000);

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await rm(artefactDir, { recursive: true, force: true });
});

describe('extraction embedded (PGlite, in-process bus and commands)', () => {
  it('extracts an ingested N-PORT from the bus and answers GetClaims in process', async () => {
    const bytes = await readFile(DUPREE);
    const stored = await new FilesystemArtefactStore(artefactDir).put(Readable.from([bytes]), {
      maxBytes: 10 * 1024 * 1024,
    });
    const artefactId = `art-${randomUUID()}`;
    await publishAs(runtime.bus.publisher, artefactIngestedV1, {
      ...artefactIngestedV1.example,
      artefactId,
      sha256: stored.sha256,
      version: 1,
      documentType: 'nport',
      size: bytes.length,
    });

    const store = new PostgresEventStore(runtime.database, { schema: 'extraction' });
    const recorded = await eventually(
      'the extraction recorded',
      async () => {
        const events = await store.readStream(`extraction-${artefactId}`);
        return events.length > 0 ? events : undefined;
      },
      WAIT_MS,
    );
    expect(recorded.map((event) => event.type)).toEqual(['ClaimsExtracted']);
    const reply: GetClaimsReply = await commands.send(getClaimsV1.subject, { artefactId, limit: 5 });
    expect(reply.claimSets).toEqual([
      expect.objectContaining({
        artefactId,
        claimCount: (recorded[0].data as { claimCount: number }).claimCount,
      }),
    ]);
    expect(reply.claims).toHaveLength(5);
    expect(reply.claims.every((claim) => claim.evidence.locator.kind === 'xpath')).toBe(true);
  });

  it('refuses to start on a JetStream artefact bucket, which needs NATS', async () => {
    await expect(
      NestFactory.create(
        FaiPlatformModule.forService(extractionService, {
          env: settings({ FAI_ARTEFACT_STORE: 'nats' }),
          embedded: runtime,
        }),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toMatchObject({ code: 'NATS_REQUIRED' });
  });
});
