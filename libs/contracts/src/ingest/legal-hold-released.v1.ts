import { defineEvent, type EventData } from '../define-event';
import { INGEST_CONTEXT, LEGAL_HOLD_REQUIRED, legalHoldProperties } from './ingest.schemas';

/** A legal hold is released: what it covered falls back under the retention policy. */
export const legalHoldReleasedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'LegalHoldReleased',
  version: 1,
  schema: {
    type: 'object',
    description: 'Stream legal-hold-<holdId>; repeats the scope of the hold it releases.',
    additionalProperties: false,
    required: [...LEGAL_HOLD_REQUIRED],
    properties: legalHoldProperties,
  },
  example: {
    holdId: 'hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f',
    scope: 'fund',
    targetId: 'fund-7',
    actor: 'user-9',
    reason: 'Inquiry 2026-114 closed.',
    at: '2027-02-01T10:00:00.000Z',
  },
});

export type LegalHoldReleasedV1 = EventData<typeof legalHoldReleasedV1>;
