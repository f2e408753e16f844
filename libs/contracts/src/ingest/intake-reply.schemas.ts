import {
  documentTypeSchema,
  expectedArtefactTypeSchema,
  ingestIdSchema,
  INVENTORY_ASSESSMENTS,
  mediaTypeSchema,
  periodMonthSchema,
  sha256HexSchema,
} from './ingest.schemas';

/** What an intake answers (HTTP upload, landing folder, RegisterArtefact). */
export const intakeReplySchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'outcome',
    'intakeId',
    'artefactId',
    'sha256',
    'version',
    'documentType',
    'mediaType',
    'size',
    'cycleId',
    'runId',
  ],
  properties: {
    outcome: {
      type: 'string',
      enum: ['ingested', 'recorded', 'unrecognised'],
      description:
        'ingested: a new artefact (or version); recorded: the same bytes were already an artefact; unrecognised: kept for an operator.',
    },
    intakeId: ingestIdSchema,
    artefactId: ingestIdSchema,
    sha256: sha256HexSchema,
    version: { type: 'integer', minimum: 1 },
    supersedesArtefactId: ingestIdSchema,
    documentType: documentTypeSchema,
    fundId: ingestIdSchema,
    period: periodMonthSchema,
    mediaType: mediaTypeSchema,
    size: { type: 'integer', minimum: 1 },
    pages: { type: 'integer', minimum: 1 },
    cycleId: ingestIdSchema,
    runId: ingestIdSchema,
  },
} as const;

/** A run's source inventory with its coverage notes (spec §3 step 1). */
export const runInventorySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['portfolioId', 'cycleId', 'runId', 'period', 'status', 'expected', 'received', 'notes'],
  properties: {
    portfolioId: ingestIdSchema,
    cycleId: ingestIdSchema,
    runId: ingestIdSchema,
    period: periodMonthSchema,
    status: {
      type: 'string',
      enum: ['collecting', 'completed'],
      description: 'collecting until InventoryCompleted.',
    },
    expected: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fundId', 'artefactType', 'required', 'status'],
        properties: {
          fundId: ingestIdSchema,
          artefactType: expectedArtefactTypeSchema,
          required: { type: 'boolean' },
          status: { type: 'string', enum: ['received', 'stale', 'missing'] },
          artefactId: ingestIdSchema,
        },
      },
    },
    received: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['artefactId', 'documentType', 'assessment', 'note'],
        properties: {
          artefactId: ingestIdSchema,
          fundId: ingestIdSchema,
          documentType: documentTypeSchema,
          period: periodMonthSchema,
          assessment: { type: 'string', enum: INVENTORY_ASSESSMENTS },
          note: { type: 'string' },
        },
      },
    },
    notes: {
      type: 'array',
      items: { type: 'string' },
      description: 'Coverage notes: what is missing, stale, duplicated.',
    },
  },
} as const;
