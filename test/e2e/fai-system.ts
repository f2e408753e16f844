import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyCommandContract } from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { NATS_URL, PG_URL, uniqueName } from '@fai/testing';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { EventLog } from './event-log';
import { assertBuilt, startService, stopService, type ServiceProcess } from './service-processes';

/** The services of the monthly cycle, in the order they start. */
export const CYCLE_SERVICES = [
  'scheduler',
  'ingest',
  'extraction',
  'validation',
  'reporting',
  'approval',
] as const;
export type CycleService = (typeof CYCLE_SERVICES)[number];

const COMMAND_TIMEOUT_MS = 30_000;
/** The durable consumers of the six services: each dead-letters to `fai-dlq.<durable>.<original subject>`. */
const DURABLES = [
  'scheduler',
  'ingest',
  'ingest-reports',
  'extraction',
  'extraction-runs',
  'extraction-funds',
  'validation',
  'reporting-runs',
  'reporting-approvals',
  'reporting-retention',
  'approval-runs',
  'approval-reports',
];
/**
 * Exactly the services' own subjects, not `fai.>`: integration tests running beside this file capture
 * `fai.<their token>.>` and `fai-dlq.<durable>.fai.<their token>.>`, and two streams may not overlap.
 */
const EVENT_SUBJECTS = CYCLE_SERVICES.map((context) => `fai.${context}.>`);
const DEAD_LETTER_SUBJECTS = DURABLES.flatMap((durable) =>
  CYCLE_SERVICES.map((context) => `fai-dlq.${durable}.fai.${context}.>`),
);

/**
 * The whole system as deployed, on the real PostgreSQL and NATS, isolated from everything else on the
 * servers: a schema per service, one event stream capturing the six contexts' subjects (real subjects, so
 * only one e2e file may run at a time: see test/e2e-exclusive.setup.ts) and a dead-letter stream, a command subject
 * prefix of its own, and temporary artefact and output stores.
 */
export class FaiSystem {
  readonly token = uniqueName('cycle_e2e');
  readonly commandPrefix = `${this.token}-cmd`;
  readonly eventStream = `${this.token}_events`.toUpperCase();
  readonly deadLetterStream = `${this.token}_dlq`.toUpperCase();
  readonly dir = mkdtempSync(join(tmpdir(), 'fai-cycle-e2e-'));
  readonly artefactDir = join(this.dir, 'artefacts');
  readonly outputDir = join(this.dir, 'outputs');
  readonly db = new PgDatabase({ connectionString: PG_URL, max: 2 });
  readonly processes = new Map<CycleService, ServiceProcess>();
  nc!: NatsConnection;
  log!: EventLog;
  private proxy!: ClientProxy;
  private client!: CommandClient;

  schemaOf(service: CycleService): string {
    return `${this.token}_${service}`;
  }

  envOf(service: CycleService): NodeJS.ProcessEnv {
    return {
      FAI_PG_URL: PG_URL,
      FAI_NATS_URL: NATS_URL,
      FAI_PG_SCHEMA: this.schemaOf(service),
      FAI_EVENT_STREAM: this.eventStream,
      FAI_EVENT_STREAM_SUBJECTS: EVENT_SUBJECTS.join(','),
      FAI_DLQ_STREAM: this.deadLetterStream,
      FAI_DLQ_STREAM_SUBJECTS: DEAD_LETTER_SUBJECTS.join(','),
      FAI_COMMAND_SUBJECT_PREFIX: this.commandPrefix,
      // Validation would otherwise take the first stream subject's prefix (`fai.scheduler`) as its source.
      FAI_VALIDATION_SOURCE_PREFIX: 'fai',
      FAI_ARTEFACT_STORE: 'filesystem',
      FAI_ARTEFACT_DIR: this.artefactDir,
      FAI_OUTPUT_STORE: 'filesystem',
      FAI_OUTPUT_DIR: this.outputDir,
      FAI_SHUTDOWN_GRACE_MS: '5000',
    };
  }

  async start(): Promise<void> {
    assertBuilt(CYCLE_SERVICES);
    this.nc = await connect({ servers: NATS_URL });
    this.proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await this.proxy.connect();
    this.client = new CommandClient(this.proxy, { timeoutMs: COMMAND_TIMEOUT_MS });
    // The first one creates the streams the others find.
    await this.startOne('scheduler');
    await Promise.all(CYCLE_SERVICES.slice(1).map((service) => this.startOne(service)));
    this.log = await EventLog.follow(this.nc, this.eventStream);
  }

  async startOne(service: CycleService): Promise<void> {
    await startService(service, this.envOf(service), (running) => this.processes.set(service, running));
  }

  async stopOne(service: CycleService): Promise<void> {
    const running = this.processes.get(service);
    if (running) await stopService(running);
    this.processes.delete(service);
  }

  portOf(service: CycleService): number {
    return this.processes.get(service)!.port;
  }

  /** A command (or query) to its owning service under this system's subject prefix. */
  send<TReply>(contract: AnyCommandContract, request: object): Promise<TReply> {
    const subject = contract.subject.replace(/^[^.]+/, this.commandPrefix);
    return this.client.send<TReply>(subject, request);
  }

  async stop(): Promise<void> {
    for (const service of [...this.processes.keys()].reverse()) await this.stopOne(service);
    await this.log?.close().catch(() => undefined);
    await this.proxy?.close();
    if (this.nc) {
      const jsm = await this.nc.jetstreamManager();
      for (const stream of [this.eventStream, this.deadLetterStream])
        await jsm.streams.delete(stream).catch(() => undefined);
      await this.nc.close();
    }
    for (const service of CYCLE_SERVICES)
      await this.db.query(`DROP SCHEMA IF EXISTS ${ident(this.schemaOf(service))} CASCADE`);
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What a service wrote to stderr (nothing, when all is well): for failure messages. */
  stderrOf(service: CycleService): string {
    return this.processes.get(service)?.stderr.join('') ?? '';
  }
}
