import { defineEvent, type EventData } from '../define-event';

const id = { type: 'string', minLength: 1 } as const;

/** Something an operator must look at: a dead-lettered message, a stalled cycle, a blocked publication... */
export const operatorAlertRaisedV1 = defineEvent({
  context: 'platform',
  name: 'OperatorAlertRaised',
  version: 1,
  schema: {
    type: 'object',
    description:
      'An alert for operators; it stays open until an OperatorAlertAcknowledged names its alertId.',
    additionalProperties: false,
    required: ['alertId', 'kind', 'severity', 'summary', 'details'],
    properties: {
      alertId: id,
      kind: {
        type: 'string',
        enum: [
          'dead_letter',
          'cycle_stalled',
          'cycle_failed',
          'artefact_missing',
          'repeated_failures',
          'exception_spike',
          'publication_not_approved',
        ],
      },
      severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
      summary: { type: 'string', minLength: 1, description: 'One line for people, without secrets.' },
      details: {
        type: 'object',
        additionalProperties: true,
        description:
          'What the kind of alert needs to be investigated, e.g. the dead-lettered subject and error.',
      },
      cycleId: id,
      runId: id,
      fundId: id,
      portfolioId: id,
    },
  },
  example: {
    alertId: 'alert-7f3c2a',
    kind: 'dead_letter',
    severity: 'critical',
    summary: 'fai.ingest.artefact-ingested.v1 failed 5 times in consumer validation-inventory',
    details: {
      stream: 'FAI_EVENTS',
      consumer: 'validation-inventory',
      deliveries: 5,
      errorCode: 'STORE_UNAVAILABLE',
    },
    cycleId: 'cycle-2025-01-pf-001',
    portfolioId: 'pf-001',
  },
});

export type OperatorAlertRaisedV1 = EventData<typeof operatorAlertRaisedV1>;
