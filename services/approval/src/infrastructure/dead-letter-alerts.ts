import type { OperatorAlertRaisedV1 } from '@fai/contracts';
import { StreamVersionConflictError, type EventStore } from '@fai/event-store';
import type { ConsumerLogger, DeadLetterRecord } from '@fai/messaging';
import type { ApprovalEventCodec } from './approval-events';

/** The alert for an event one of approval's consumers gave up on. */
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
      deliveries: record.deliveryCount,
      errorCode: record.error.code,
      errorMessage: record.error.message,
    },
  };
}

/**
 * Raises an operator alert for each dead letter, once: its stream is created with `no_stream`, so a
 * repeat (another replica, a restart) finds it there.
 */
export function deadLetterAlerts(store: EventStore, codec: ApprovalEventCodec, logger?: ConsumerLogger) {
  return async (record: DeadLetterRecord): Promise<void> => {
    const alert = deadLetterAlert(record);
    const streamId = `operator-alert-${alert.alertId}`;
    const events = codec.encode(streamId, [{ type: 'OperatorAlertRaised', data: alert }], {
      commandId: alert.alertId,
      correlationId: record.eventId,
      actor: 'approval',
    });
    try {
      await store.append(streamId, events, { expectedVersion: 'no_stream' });
    } catch (error) {
      if (error instanceof StreamVersionConflictError) return;
      logger?.error('operator alert for a dead letter not raised', { alertId: alert.alertId, error });
    }
  };
}
