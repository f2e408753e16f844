import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry, IllegalStageTransitionError, RunNotCurrentError } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import { contractDecoder, DurableEventConsumer, subjectMatches, type ConsumedEvent } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import { FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, type PlatformBackend } from '@fai/service-kit';
import type { Logger } from 'winston';
import { CLOCK, type Clock } from '../../infrastructure/clock';
import { OperatorAlerts } from '../../infrastructure/operator-alerts.writer';
import type { SchedulerConfig } from '../../scheduler.config';
import { CycleCommands } from '../cycle-commands.service';
import { recordReceivedArtefact } from '../received-artefacts/received-artefact.read-model';
import {
  CONSUMED_SUBJECTS,
  fundLockCommand,
  receivedArtefact,
  stageOutcomeCommand,
} from './stage-outcome.mapping';

/** The durable consumer every scheduler replica shares. */
export const STAGE_OUTCOME_DURABLE = 'scheduler';

/**
 * Moves runs through their stages on the stage outcome events other services publish, and records
 * the artefacts each run has received (ingest's InventoryArtefactReceived). Each event is
 * applied once (processed_events, in the transaction of the cycle append); events of replicas or of
 * one stream racing each other are settled by the cycle stream's expected version, never by arrival.
 */
@Injectable()
export class StageOutcomeConsumer {
  private consumer?: DurableEventConsumer;

  constructor(
    @Inject(FAI_CONFIG) private readonly config: SchedulerConfig,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: ContractRegistry,
    private readonly metrics: ServiceMetrics,
    private readonly cycles: CycleCommands,
    private readonly alerts: OperatorAlerts,
  ) {}

  async start(): Promise<void> {
    const streamSubjects = this.config.FAI_EVENT_STREAM_SUBJECTS.split(',');
    // NATS refuses a consumer whose filter the stream does not capture; a stream without the stage
    // outcome subjects (a test's, a misconfigured one) leaves runs where they are, loudly.
    const subjects = CONSUMED_SUBJECTS.filter((subject) =>
      streamSubjects.some((pattern) => subjectMatches(pattern, subject)),
    );
    if (subjects.length === 0) {
      this.logger.warn(
        'the event stream captures no stage outcome subject: runs will not move on their own',
        {
          stream: this.config.FAI_EVENT_STREAM,
          streamSubjects,
        },
      );
      return;
    }
    this.consumer = new DurableEventConsumer(this.backend.bus, this.backend.database, {
      stream: this.config.FAI_EVENT_STREAM,
      durable: STAGE_OUTCOME_DURABLE,
      filterSubjects: subjects,
      schema: this.config.FAI_PG_SCHEMA,
      decode: contractDecoder(this.registry),
      // One at a time, in stream order: a run's outcomes come in bursts (validation appends validate,
      // compare and rank together), and one applied before its predecessor would be dropped as not at its stage.
      concurrency: 1,
      maxAckPending: 1,
      handle: (event, tx) => this.apply(event, tx),
      onDeadLetter: (record) => this.alerts.deadLetter(record),
      telemetry: { logger: this.logger, metrics: this.metrics },
    });
    await this.consumer.start();
  }

  async drain(timeoutMs?: number): Promise<void> {
    await this.consumer?.drain(timeoutMs);
    this.consumer = undefined;
  }

  private async apply(event: ConsumedEvent, tx: SqlExecutor): Promise<void> {
    const receipt = receivedArtefact(event);
    if (receipt) return recordReceivedArtefact(tx, this.config.FAI_PG_SCHEMA, receipt);
    const now = this.clock.now();
    const command = stageOutcomeCommand(event, now) ?? fundLockCommand(event, now);
    if (!command) return;
    try {
      await this.cycles.execute(
        command,
        {
          commandId: event.id,
          causationId: event.id,
          correlationId: event.correlationid,
          actor: event.actor ?? event.source,
          tenantId: event.tenantid,
        },
        tx,
      );
    } catch (error) {
      // A stage event for a run that moved on (superseded, failed, already past it), or a fund lock in a
      // superseded run, cannot apply, now or later. A lock for a run not completed yet is retried.
      if (!(error instanceof IllegalStageTransitionError || error instanceof RunNotCurrentError)) throw error;
      this.logger.warn('stage outcome dropped: its run is not at that stage', {
        eventId: event.id,
        event: event.name,
        error_code: error.code,
        ...error.details,
      });
    }
  }
}
