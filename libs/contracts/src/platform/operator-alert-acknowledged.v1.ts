import { defineEvent, type EventData } from '../define-event';

/** An operator has seen an alert and taken it on; the alert stops paging. */
export const operatorAlertAcknowledgedV1 = defineEvent({
  context: 'platform',
  name: 'OperatorAlertAcknowledged',
  version: 1,
  schema: {
    type: 'object',
    description: 'An operator acknowledged the OperatorAlertRaised with the same alertId.',
    additionalProperties: false,
    required: ['alertId', 'actor'],
    properties: {
      alertId: { type: 'string', minLength: 1 },
      actor: { type: 'string', minLength: 1, description: 'The user id of the operator who acknowledged.' },
      note: { type: 'string', description: 'What the operator is doing about it.' },
    },
  },
  example: {
    alertId: 'alert-7f3c2a',
    actor: 'user-42',
    note: 'Store was down during maintenance; redriving the dead letters.',
  },
});

export type OperatorAlertAcknowledgedV1 = EventData<typeof operatorAlertAcknowledgedV1>;
