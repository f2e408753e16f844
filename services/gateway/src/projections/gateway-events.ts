import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry, type OperatorAlertAcknowledgedV1 } from '@fai/contracts';
import { PostgresEventStore, StreamVersionConflictError, type EventMetadata } from '@fai/event-store';
import type { DeadLetterRecord } from '@fai/messaging';
import { currentLogContext, injectTraceContext } from '@fai/observability';
import { deadLetterAlert, FAI_LOGGER } from '@fai/service-kit';
import { v5 as uuidv5 } from 'uuid';
import type { Logger } from 'winston';
import { SERVICE_NAME } from '../gateway.config';

// Event ids are name-based UUIDs in the gateway's own namespace: a retried write stores nothing new.
const EVENT_ID_NAMESPACE = '5d1f0b8e-7c2a-4e61-9b3d-2a8c4f6e1d07';

/**
 * The few events the gateway itself writes, all platform contracts: an operator's acknowledgement of
 * an alert (the user action is the gateway's to record) and the alert for an event its projections
 * gave up on. Each goes to its own stream, created once (`no_stream`).
 */
@Injectable()
export class GatewayEvents {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly registry: ContractRegistry,
    @Inject(FAI_LOGGER) private readonly logger: Pick<Logger, 'error'>,
  ) {}

  /** Returns false when the alert was acknowledged already. */
  async acknowledgeAlert(
    acknowledgement: OperatorAlertAcknowledgedV1,
    about: { tenantId: string; portfolioId?: string; cycleId?: string },
  ): Promise<boolean> {
    return this.appendOnce(
      `operator-alert-ack-${acknowledgement.alertId}`,
      'OperatorAlertAcknowledged',
      acknowledgement,
      {
        actor: acknowledgement.actor,
        ...about,
      },
    );
  }

  async deadLetter(record: DeadLetterRecord): Promise<void> {
    const alert = deadLetterAlert(record);
    try {
      await this.appendOnce(`operator-alert-${alert.alertId}`, 'OperatorAlertRaised', alert, {
        actor: SERVICE_NAME,
      });
    } catch (error) {
      this.logger.error('operator alert for a dead letter not raised', { alertId: alert.alertId, error });
    }
  }

  private async appendOnce(
    streamId: string,
    type: string,
    data: unknown,
    metadata: { actor: string; tenantId?: string; portfolioId?: string; cycleId?: string },
  ): Promise<boolean> {
    const { version } = this.registry.latest(type);
    const trace: Record<string, string> = {};
    injectTraceContext(trace);
    const correlationId = currentLogContext().correlationId ?? currentLogContext().requestId ?? streamId;
    try {
      await this.store.append(
        streamId,
        [
          {
            eventId: uuidv5(`${streamId}|0`, EVENT_ID_NAMESPACE),
            type,
            schemaVersion: version,
            data: this.registry.validate(type, version, data),
            metadata: definedOnly({ correlationId, ...metadata, ...trace }),
          },
        ],
        { expectedVersion: 'no_stream' },
      );
      return true;
    } catch (error) {
      if (error instanceof StreamVersionConflictError) return false;
      throw error;
    }
  }
}

/** Metadata keeps only the ids that are there: the store hashes what it is given. */
function definedOnly(metadata: Record<string, string | undefined>): EventMetadata {
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => value !== undefined),
  ) as EventMetadata;
}
