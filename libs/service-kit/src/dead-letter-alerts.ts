import type { OperatorAlertRaisedV1 } from '@fai/contracts';
import { StreamVersionConflictError, type EventStore } from '@fai/event-store';
import type { ConsumerLogger, DeadLetterRecord } from '@fai/messaging';
import type { EventCodec } from './event-codec';

/** The alert for an event one of the service's consumers gave up on. */
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

export interface DeadLetterAlertsOptions {
  store: EventStore;
  codec: EventCodec;
  /** Who raises the alerts: the service's name. */
  actor: string;
  logger?: Pick<ConsumerLogger, 'error'>;
}

/**
 * A consumer's `onDeadLetter`: raises an operator alert for each dead letter, once. Its stream
 * (`operator-alert-<alertId>`) is created with `no_stream`, so a repeat (another replica, a
 * restart) finds it there; an alert that cannot be written is logged, never thrown back.
 */
export function deadLetterAlerts(options: DeadLetterAlertsOptions) {
  const { store, codec, actor, logger } = options;
  return async (record: DeadLetterRecord): Promise<void> => {
    const alert = deadLetterAlert(record);
    const streamId = `operator-alert-${alert.alertId}`;
    const events = codec.encode(streamId, [{ type: 'OperatorAlertRaised', data: alert }], {
      commandId: alert.alertId,
      correlationId: record.eventId,
      actor,
    });
    try {
      await store.append(streamId, events, { expectedVersion: 'no_stream' });
    } catch (error) {
      if (error instanceof StreamVersionConflictError) return;
      logger?.error('operator alert for a dead letter not raised', { alertId: alert.alertId, error });
    }
  };
}
