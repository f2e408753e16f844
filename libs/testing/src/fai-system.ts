import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyCommandContract } from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { EventLog } from './event-log';
import { assertBuilt, startService, stopService, type ServiceProcess } from './service-processes';
import { NATS_URL, PG_URL, uniqueName } from './test-servers';

/** The services of the monthly cycle, in the order they start. */
export const CYCLE_SERVICES = [
  'scheduler',
  'ingest',
  'extraction',
  'validation',
  'reporting',
  'approval',
] as const;
/** All seven: the cycle's services and the gateway in front of them. */
export const FAI_SERVICES = [...CYCLE_SERVICES, 'gateway'] as const;
export type CycleService = (typeof CYCLE_SERVICES)[number];
export type FaiService = (typeof FAI_SERVICES)[number];

const COMMAND_TIMEOUT_MS = 30_000;
/** The services' durable consumers: each dead-letters to `fai-dlq.<durable>.<original subject>`. */
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
  'gateway-projections-g1',
];
/**
 * Exactly the services' own subjects, not `fai.>`: integration tests running beside a system capture
 * `fai.<their token>.>` and `fai-dlq.<durable>.fai.<their token>.>`, and two streams may not overlap.
 */
const EVENT_SUBJECTS = FAI_SERVICES.map((context) => `fai.${context}.>`);
const DEAD_LETTER_SUBJECTS = DURABLES.flatMap((durable) =>
  FAI_SERVICES.map((context) => `fai-dlq.${durable}.fai.${context}.>`),
);

/**
 * A system captures the services' real subjects, so only one runs on the servers at a time (e2e files,
 * the cycle benchmark): whoever holds this PostgreSQL session advisory lock.
 */
const SYSTEM_LOCK_KEY = 0x0fa1e2e;

/** Waits for the system lock on a connection of its own; the returned function releases it. */
export async function holdSystemLock(): Promise<() => Promise<void>> {
  const holder = new Client({ connectionString: PG_URL, application_name: 'fai-system-lock' });
  await holder.connect();
  await holder.query('SELECT pg_advisory_lock($1)', [SYSTEM_LOCK_KEY]);
  return async () => {
    // Closing the session releases the lock even if the unlock query fails.
    await holder.query('SELECT pg_advisory_unlock($1)', [SYSTEM_LOCK_KEY]).finally(() => holder.end());
  };
}

export interface FaiSystemOptions {
  /** Prefix of the run's unique token (schemas, streams, command subjects). */
  name?: string;
  /** Which services run as processes; the gateway, if named, starts after ingest (it forwards uploads there). */
  services?: readonly FaiService[];
  /** Keep every event of the stream in `log` (tests assert on it; a benchmark counts in the stores instead). */
  followEvents?: boolean;
  /** Settings over every service's own (e.g. `FAI_LOG_LEVEL`). */
  env?: NodeJS.ProcessEnv;
  /** A folder for each service's log (`<service>.log`, JSON lines); none kept when unset. */
  logDir?: string;
}

/**
 * The whole system as deployed, on the real PostgreSQL and NATS, isolated from everything else on the
 * servers: a schema per service, one event stream capturing the services' subjects (real subjects, so
 * only one system may run at a time: see holdSystemLock) and a dead-letter stream, a command subject
 * prefix of its own, and temporary artefact and output stores.
 */
export class FaiSystem {
  readonly token: string;
  readonly commandPrefix: string;
  readonly eventStream: string;
  readonly deadLetterStream: string;
  readonly dir: string;
  readonly artefactDir: string;
  readonly outputDir: string;
  readonly db = new PgDatabase({ connectionString: PG_URL, max: 2 });
  readonly processes = new Map<FaiService, ServiceProcess>();
  readonly services: readonly FaiService[];
  nc!: NatsConnection;
  log!: EventLog;
  private proxy!: ClientProxy;
  private client!: CommandClient;

  constructor(private readonly options: FaiSystemOptions = {}) {
    const name = options.name ?? 'cycle_e2e';
    this.token = uniqueName(name);
    this.commandPrefix = `${this.token}-cmd`;
    this.eventStream = `${this.token}_events`.toUpperCase();
    this.deadLetterStream = `${this.token}_dlq`.toUpperCase();
    this.dir = mkdtempSync(join(tmpdir(), `fai-${name.replace(/_/g, '-')}-`));
    this.artefactDir = join(this.dir, 'artefacts');
    this.outputDir = join(this.dir, 'outputs');
    this.services = options.services ?? CYCLE_SERVICES;
  }

  schemaOf(service: FaiService): string {
    return `${this.token}_${service}`;
  }

  envOf(service: FaiService): NodeJS.ProcessEnv {
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
      ...(service === 'gateway'
        ? {
            // No identity provider here: the gateway's own dev issuer stands in for one.
            FAI_DEV_TOKEN_ISSUER: 'true',
            FAI_INGEST_URL: `http://127.0.0.1:${this.portOf('ingest')}`,
          }
        : {}),
      ...this.options.env,
    };
  }

  async start(): Promise<void> {
    assertBuilt(this.services);
    this.nc = await connect({ servers: NATS_URL });
    this.proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await this.proxy.connect();
    this.client = new CommandClient(this.proxy, { timeoutMs: COMMAND_TIMEOUT_MS });
    const [first, ...others] = this.services;
    // The first one creates the streams the others find.
    await this.startOne(first);
    await Promise.all(others.filter((s) => s !== 'gateway').map((service) => this.startOne(service)));
    if (others.includes('gateway')) await this.startOne('gateway');
    if (this.options.followEvents !== false) this.log = await EventLog.follow(this.nc, this.eventStream);
  }

  async startOne(service: FaiService): Promise<void> {
    const { logDir } = this.options;
    await startService(
      service,
      this.envOf(service),
      (running) => this.processes.set(service, running),
      logDir && join(logDir, `${service}.log`),
    );
  }

  async stopOne(service: FaiService): Promise<void> {
    const running = this.processes.get(service);
    if (running) await stopService(running);
    this.processes.delete(service);
  }

  portOf(service: FaiService): number {
    return this.processes.get(service)!.port;
  }

  /** A document through ingest's HTTP intake, as the gateway forwards a user's upload. */
  upload(
    document: { fundId: string; fileName: string; mediaType: string; content: Buffer },
    to: { portfolioId: string; cycleId: string; actor: string },
  ): Promise<Response> {
    const form = new FormData();
    form.set('portfolioId', to.portfolioId);
    form.set('cycleId', to.cycleId);
    form.set('fundId', document.fundId);
    form.set(
      'file',
      new Blob([new Uint8Array(document.content)], { type: document.mediaType }),
      document.fileName,
    );
    return fetch(`http://127.0.0.1:${this.portOf('ingest')}/artefacts`, {
      method: 'POST',
      headers: { 'x-fai-actor': to.actor },
      body: form,
    });
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
    for (const service of this.services)
      await this.db.query(`DROP SCHEMA IF EXISTS ${ident(this.schemaOf(service))} CASCADE`);
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What a service wrote to stderr (nothing, when all is well): for failure messages. */
  stderrOf(service: FaiService): string {
    return this.processes.get(service)?.stderr.join('') ?? '';
  }
}
