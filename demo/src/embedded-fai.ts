import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { approvalService } from '@fai/approval';
import { extractionService } from '@fai/extraction';
import { gatewayService } from '@fai/gateway';
import { ingestService } from '@fai/ingest';
import { CommandClient } from '@fai/messaging';
import { reportingService } from '@fai/reporting';
import { schedulerService } from '@fai/scheduler';
import { EmbeddedRuntime, FaiPlatformModule, PlatformLifecycle, type FaiService } from '@fai/service-kit';
import { validationService } from '@fai/validation';
import { DemoServiceStartError } from './demo-errors';
import { EventFeed } from './event-feed';

/** Every service, in the order they start (consumers before the events they wait for). */
const SERVICES: ReadonlyArray<FaiService> = [
  schedulerService,
  ingestService,
  extractionService,
  validationService,
  reportingService,
  approvalService,
  gatewayService,
];

const COMMAND_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 120_000;

export interface EmbeddedFaiOptions {
  /** Holds the database, the artefact and output stores. */
  dataDir: string;
  /** The gateway's HTTP port; 0 picks a free one. */
  gatewayPort: number;
  /** Where the services' JSON log lines go. */
  logStream: NodeJS.WritableStream;
}

/**
 * FAI's embedded default (ARCHITECTURE.md): the seven services as Nest applications in this one
 * process, on one PGlite database, the in-process bus and in-process commands. Each keeps its own
 * schema, consumers, relay, command server and read models exactly as deployed; only the backend
 * differs. Ingest's intake and the gateway's API listen on local ports; the rest needs none.
 */
export class EmbeddedFai {
  private constructor(
    private readonly runtime: EmbeddedRuntime,
    private readonly apps: INestApplication[],
    readonly commands: CommandClient,
    readonly events: EventFeed,
    /** Ingest's HTTP intake, where uploads go as they would through the gateway. */
    readonly intakeUrl: string,
    /** The gateway's API (`/api/v1`), with the development token issuer on. */
    readonly gatewayUrl: string,
  ) {}

  static async start(options: EmbeddedFaiOptions): Promise<EmbeddedFai> {
    const runtime = await EmbeddedRuntime.open(join(options.dataDir, 'pglite'));
    const events = await EventFeed.follow(runtime);
    const env = {
      ...withoutServiceSettings(process.env),
      FAI_ENV: 'dev',
      FAI_ARTEFACT_STORE: 'filesystem',
      FAI_ARTEFACT_DIR: join(options.dataDir, 'artefacts'),
      FAI_OUTPUT_STORE: 'filesystem',
      FAI_OUTPUT_DIR: join(options.dataDir, 'outputs'),
    };
    const apps: INestApplication[] = [];
    const urls = new Map<FaiService, string>();
    try {
      for (const service of SERVICES) {
        const own =
          service === gatewayService
            ? { FAI_DEV_TOKEN_ISSUER: 'true', FAI_INGEST_URL: urls.get(ingestService) }
            : {};
        const app = await NestFactory.create(
          FaiPlatformModule.forService(service, {
            env: { ...env, ...own },
            embedded: runtime,
            logStream: options.logStream,
          }),
          { logger: false, abortOnError: false },
        );
        apps.push(app);
        if (service === ingestService || service === gatewayService) {
          await app.listen(service === gatewayService ? options.gatewayPort : 0, '127.0.0.1');
          const { port } = app.getHttpServer().address() as AddressInfo;
          urls.set(service, `http://127.0.0.1:${port}`);
        } else await app.init();
      }
      await Promise.all(apps.map((app) => untilStarted(app)));
    } catch (error) {
      await Promise.all(apps.map((app) => app.close().catch(() => undefined)));
      await events.close();
      await runtime.close();
      throw error;
    }
    const commands = new CommandClient(runtime.commands.client(), { timeoutMs: COMMAND_TIMEOUT_MS });
    return new EmbeddedFai(
      runtime,
      apps,
      commands,
      events,
      urls.get(ingestService)!,
      urls.get(gatewayService)!,
    );
  }

  /** Stops every service (the last started first), then the runtime; a service that fails to stop does not keep the database open. */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    for (const app of [...this.apps].reverse())
      await app.close().catch((error: unknown) => failures.push(error));
    await this.events.close();
    await this.runtime.close();
    if (failures.length > 0) throw failures[0];
  }
}

/**
 * The caller's environment without FAI_ settings: one service's settings (a schema, a port, a
 * stream) set in the shell would otherwise apply to all seven. The log level is the exception.
 */
function withoutServiceSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !key.startsWith('FAI_') || key === 'FAI_LOG_LEVEL'),
  );
}

/** Waits until the service's platform has migrated its store and started its relay and consumers. */
async function untilStarted(app: INestApplication): Promise<void> {
  const lifecycle = app.get(PlatformLifecycle);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    lifecycle.whenStarted(),
    new Promise((resolve) => (timer = setTimeout(resolve, START_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  const status = lifecycle.status();
  if (status.phase !== 'started')
    throw new DemoServiceStartError(status.problem ?? status.phase, START_TIMEOUT_MS);
}
