import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry } from '@fai/contracts';
import { ident, type SqlDatabase, type SqlExecutor } from '@fai/event-store';
import {
  contractDecoder,
  EVENT_NAME_HEADER,
  DurableEventConsumer,
  type ConsumedEvent,
  type EventDecoder,
} from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import {
  FAI_CONFIG,
  FAI_LOGGER,
  PLATFORM_BACKEND,
  SQL_DATABASE,
  type PlatformBackend,
} from '@fai/service-kit';
import type { Logger } from 'winston';
import { fundWorkflowProjection } from '../approval/fund-workflow.projection';
import { fundAlertProjection } from '../alerts/fund-alert.projection';
import { operatorAlertProjection } from '../alerts/operator-alert.projection';
import { artefactProjection } from '../artefacts/artefact.projection';
import { cycleProjection } from '../cycles/cycle.projection';
import { exceptionProjection } from '../exceptions/exception.projection';
import { fundProjection } from '../funds/fund.projection';
import type { GatewayConfig } from '../gateway.config';
import { policyProjection } from '../policies/policy.projection';
import { portfolioProjection } from '../portfolios/portfolio.projection';
import { announcePortfolioChange } from '../security/portfolio-tenants';
import type { AnyDocumentProjection, ProjectedEvent } from './document-projection';
import { applyToReadModels } from './document-store';
import { GatewayEvents } from './gateway-events';

export const DOCUMENT_PROJECTIONS: readonly AnyDocumentProjection[] = [
  portfolioProjection,
  fundProjection,
  cycleProjection,
  artefactProjection,
  operatorAlertProjection,
  fundWorkflowProjection,
  exceptionProjection,
  fundAlertProjection,
  policyProjection,
];

const PROJECTED_EVENTS = new Set(DOCUMENT_PROJECTIONS.flatMap((projection) => projection.handles));

/** The durable consumer of one generation of the read models. */
export function projectionDurable(generation: number): string {
  return `gateway-projections-g${generation}`;
}

const GENERATION_POLL_MS = 1_000;

/**
 * Keeps the gateway's read models from every event on the event stream, through one durable
 * consumer per generation (JetStream, or the embedded in-process bus). Events apply one at a time across all replicas (max one
 * unacknowledged message), so each document sees its events in stream order; each applies once
 * (processed_events in the same transaction). A rebuild moves the generation: the running gateway
 * notices, drops its consumer and replays the stream from its first message into emptied tables.
 */
@Injectable()
export class ProjectionConsumer {
  private consumer?: DurableEventConsumer;
  private generation = 0;
  private poll?: NodeJS.Timeout;
  private switching: Promise<void> = Promise.resolve();

  constructor(
    @Inject(FAI_CONFIG) private readonly config: GatewayConfig,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly registry: ContractRegistry,
    private readonly metrics: ServiceMetrics,
    private readonly events: GatewayEvents,
  ) {}

  async start(): Promise<void> {
    await this.follow(await this.storedGeneration());
    this.poll = setInterval(() => {
      this.switching = this.switching
        .then(() => this.followMovedGeneration())
        .catch((error: unknown) => {
          this.logger.warn('projection generation check failed', { error });
        });
    }, GENERATION_POLL_MS);
  }

  async drain(timeoutMs?: number): Promise<void> {
    clearInterval(this.poll);
    await this.switching;
    await this.consumer?.drain(timeoutMs);
    this.consumer = undefined;
  }

  private async followMovedGeneration(): Promise<void> {
    const stored = await this.storedGeneration();
    if (stored === this.generation) return;
    this.logger.info('read models rebuilt: replaying the event stream', { generation: stored });
    const previous = this.generation;
    await this.consumer?.drain();
    await this.retireDurable(projectionDurable(previous));
    await this.follow(stored);
  }

  /** Removes the old generation's durable, which JetStream would keep forever; a failure only leaves it behind. */
  private async retireDurable(durable: string): Promise<void> {
    await this.backend.bus
      .deleteDurable(this.config.FAI_EVENT_STREAM, durable)
      .catch((error: unknown) => this.logger.warn('old projection durable left behind', { durable, error }));
  }

  private async follow(generation: number): Promise<void> {
    this.generation = generation;
    const consumer = new DurableEventConsumer(this.backend.bus, this.db, {
      stream: this.config.FAI_EVENT_STREAM,
      durable: projectionDurable(generation),
      filterSubjects: this.config.FAI_EVENT_STREAM_SUBJECTS.split(','),
      schema: this.config.FAI_PG_SCHEMA,
      decode: projectedOnly(contractDecoder(this.registry)),
      handle: (event, tx) => this.apply(event, tx, generation),
      concurrency: 1,
      maxAckPending: 1,
      fetchExpiresMs: 1_000,
      onDeadLetter: (record) => this.events.deadLetter(record),
      telemetry: { logger: this.logger, metrics: this.metrics },
    });
    await consumer.start();
    this.consumer = consumer;
  }

  private async apply(event: ConsumedEvent, tx: SqlExecutor, generation: number): Promise<void> {
    if (!PROJECTED_EVENTS.has(event.name)) return;
    // A rebuild takes this row's lock to move the generation: an event of the old one applies nothing.
    const { rows } = await tx.query<{ generation: number }>(
      `SELECT generation FROM ${ident(this.config.FAI_PG_SCHEMA)}.projection_state WHERE id = 1 FOR SHARE`,
    );
    if (rows[0]?.generation !== generation) return;
    const projected = projectedEvent(event);
    await applyToReadModels(tx, this.config.FAI_PG_SCHEMA, DOCUMENT_PROJECTIONS, projected);
    if (portfolioProjection.handles.includes(event.name))
      for (const portfolioId of portfolioProjection.keys(projected))
        await announcePortfolioChange(tx, this.config.FAI_PG_SCHEMA, portfolioId);
  }

  private async storedGeneration(): Promise<number> {
    const { rows } = await this.db.query<{ generation: number }>(
      `SELECT generation FROM ${ident(this.config.FAI_PG_SCHEMA)}.projection_state WHERE id = 1`,
    );
    return rows[0].generation;
  }
}

/**
 * Checks against its contract only what the read models fold; any other event passes through
 * unread (a contract the gateway does not know yet must not dead-letter).
 */
function projectedOnly(decode: EventDecoder): EventDecoder {
  return (message) => {
    const name = message.headers[EVENT_NAME_HEADER];
    if (name && PROJECTED_EVENTS.has(name)) return decode(message);
    const envelope = JSON.parse(new TextDecoder().decode(message.data)) as ConsumedEvent;
    return { ...envelope, name: name ?? '', version: 0 };
  };
}

export function projectedEvent(event: ConsumedEvent): ProjectedEvent {
  return {
    id: event.id,
    name: event.name,
    source: event.source,
    time: event.time,
    data: event.data as Record<string, unknown>,
    tenantId: event.tenantid,
    portfolioId: event.portfolioid,
    cycleId: event.cycleid,
    runId: event.runid,
    fundId: event.fundid,
    actor: event.actor,
  };
}

/**
 * Empties the read models and moves the generation, in one transaction. The audit log is not a
 * read model and stays. A running gateway replays the stream within a second; a stopped one on start.
 */
export async function resetReadModels(db: SqlDatabase, schema: string): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ generation: number }>(
      `UPDATE ${ident(schema)}.projection_state SET generation = generation + 1, rebuilt_at = now()
        WHERE id = 1 RETURNING generation`,
    );
    const tables = DOCUMENT_PROJECTIONS.map((projection) => `${ident(schema)}.${ident(projection.table)}`);
    await tx.query(`TRUNCATE ${tables.join(', ')}`);
    await announcePortfolioChange(tx, schema);
    return rows[0].generation;
  });
}
