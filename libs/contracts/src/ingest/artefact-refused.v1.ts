import { defineEvent, type EventData } from '../define-event';
import {
  actorIdSchema,
  errorCodeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  originSchema,
  sha256HexSchema,
  sourceTypeSchema,
} from './ingest.schemas';

/** An intake was refused and nothing of it was kept: the refusal itself is on record. */
export const artefactRefusedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactRefused',
  version: 1,
  schema: {
    type: 'object',
    description:
      'What was refused and why (the typed error code the sender got). The content is not stored; sha256 and size are there when it was read whole.',
    additionalProperties: false,
    required: ['intakeId', 'portfolioId', 'sourceType', 'origin', 'actor', 'errorCode', 'message', 'at'],
    properties: {
      intakeId: ingestIdSchema,
      portfolioId: ingestIdSchema,
      cycleId: ingestIdSchema,
      sourceType: sourceTypeSchema,
      origin: originSchema,
      actor: actorIdSchema,
      fileName: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        description: 'Left out when the name itself was refused.',
      },
      declaredMediaType: { type: 'string', maxLength: 255 },
      sha256: sha256HexSchema,
      size: { type: 'integer', minimum: 0 },
      errorCode: errorCodeSchema,
      message: { type: 'string', minLength: 1 },
      at: ingestInstantSchema,
    },
  },
  example: {
    intakeId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    sourceType: 'upload',
    origin: 'http-upload',
    actor: 'user-42',
    fileName: 'holdings.xml',
    declaredMediaType: 'application/xml',
    errorCode: 'ARTEFACT_XML_DOCTYPE_REFUSED',
    message: 'The XML declares a DOCTYPE; DTDs and entities are refused and never resolved.',
    at: '2026-11-04T08:33:00.000Z',
  },
});

export type ArtefactRefusedV1 = EventData<typeof artefactRefusedV1>;
