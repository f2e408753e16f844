import { Inject, Injectable } from '@nestjs/common';
import type { OperatorAlertRaisedV1 } from '@fai/contracts';
import { PostgresEventStore, StreamVersionConflictError } from '@fai/event-store';
import type { DeadLetterRecord } from '@fai/messaging';
import { FAI_LOGGER } from '@fai/service-kit';
import type { Logger } from 'winston';
import { operatorAlertStreamId } from '../cycles/operator-alerts';
import { SERVICE_NAME } from '../scheduler.config';
import { EventCodec } from './event-codec';

/** The alert for an event the scheduler's consumer gave up on. */
export function deadLetterAlert(record: DeadLetterRecord): OperatorAlertRaisedV1 {
  return {
    alertId: `alert-dlq-${record.consumer}-${record.eventId}`,
    kind: 'dead_letter',
    severity: 'critical',
    summary: `${record.subject} failed ${record.deliveryCount} times in consumer ${record.consumer}`,
    details: {
      consumer: record.consumer,
      subject: record.subject,
      eventId: record.eventId,
      ...(record.stream ? { stream: record.stream, streamSequence: record.streamSequence } : {}),
      deliveries: record.deliveryCount,
      errorCode: record.error.code,
      errorMessage: record.error.message,
    },
  };
}

/** Raises operator alerts that no cycle decision carries, each once (its stream is created with no_stream). */
@Injectable()
export class OperatorAlerts {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly codec: EventCodec,
    @Inject(FAI_LOGGER) private readonly logger: Pick<Logger, 'error'>,
  ) {}

  async deadLetter(record: DeadLetterRecord): Promise<void> {
    const alert = deadLetterAlert(record);
    const streamId = operatorAlertStreamId(alert.alertId);
    const events = this.codec.encode(streamId, [{ type: 'OperatorAlertRaised', data: alert }], {
      commandId: alert.alertId,
      correlationId: record.eventId,
      actor: SERVICE_NAME,
    });
    try {
      await this.store.append(streamId, events, { expectedVersion: 'no_stream' });
    } catch (error) {
      if (error instanceof StreamVersionConflictError) return;
      this.logger.error('operator alert for a dead letter not raised', { alertId: alert.alertId, error });
    }
  }
}
