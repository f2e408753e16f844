import { defineEvent, type EventData } from '../define-event';
import { INGEST_CONTEXT, LEGAL_HOLD_REQUIRED, legalHoldProperties } from './ingest.schemas';

/** A legal hold is placed: no retention sweep deletes what it covers until it is released. */
export const legalHoldPlacedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'LegalHoldPlaced',
  version: 1,
  schema: {
    type: 'object',
    description: 'Stream legal-hold-<holdId>. Covers one artefact, or every artefact of a fund or portfolio.',
    additionalProperties: false,
    required: [...LEGAL_HOLD_REQUIRED],
    properties: legalHoldProperties,
  },
  example: {
    holdId: 'hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f',
    scope: 'fund',
    targetId: 'fund-7',
    actor: 'user-7',
    reason: 'Regulator inquiry 2026-114: keep every fund-7 document.',
    at: '2026-11-20T10:00:00.000Z',
  },
});

export type LegalHoldPlacedV1 = EventData<typeof legalHoldPlacedV1>;
