import { defineEvent, type EventData } from '../define-event';
import {
  actorIdSchema,
  documentTypeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  sha256HexSchema,
} from './ingest.schemas';

/** A retention sweep deleted an artefact's content; its record and hash stay for the audit trail. */
export const artefactContentDeletedV1 = defineEvent({
  context: INGEST_CONTEXT,
  name: 'ArtefactContentDeleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Stream artefact-<artefactId>. Appended before the bytes are removed from the artefact store; the content is no longer readable (ARTEFACT_CONTENT_DELETED).',
    additionalProperties: false,
    required: [
      'artefactId',
      'tenantId',
      'portfolioId',
      'sha256',
      'documentType',
      'sweepId',
      'sourcePolicyId',
      'retentionDays',
      'defensibilityDays',
      'actor',
      'at',
    ],
    properties: {
      artefactId: ingestIdSchema,
      tenantId: ingestIdSchema,
      portfolioId: ingestIdSchema,
      fundId: ingestIdSchema,
      sha256: sha256HexSchema,
      documentType: documentTypeSchema,
      sweepId: ingestIdSchema,
      sourcePolicyId: {
        ...ingestIdSchema,
        description: 'The source policy version whose retention rule applied.',
      },
      retentionDays: { type: 'integer', minimum: 0 },
      defensibilityDays: { type: 'integer', minimum: 0 },
      lastDependentReportId: {
        ...ingestIdSchema,
        description: 'The latest published report that depended on it, whose defensibility period has ended.',
      },
      actor: actorIdSchema,
      at: ingestInstantSchema,
    },
  },
  example: {
    artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
    tenantId: 'tenant-acme',
    portfolioId: 'pf-001',
    fundId: 'fund-7',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    documentType: 'factsheet',
    sweepId: 'sweep-3c4d5e6f-7a8b-5c9d-8e0f-1a2b3c4d5e6f',
    sourcePolicyId: 'pf-001-source-policy-v3',
    retentionDays: 2555,
    defensibilityDays: 3650,
    lastDependentReportId: 'report-8e9fa0b1c2d3e4f5',
    actor: 'system:retention',
    at: '2036-11-07T02:00:00.000Z',
  },
});

export type ArtefactContentDeletedV1 = EventData<typeof artefactContentDeletedV1>;
