import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  actorIdSchema,
  documentTypeSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  RETENTION_KEEP_REASONS,
  sha256HexSchema,
} from './ingest.schemas';

const sweptArtefactProperties = {
  artefactId: ingestIdSchema,
  portfolioId: ingestIdSchema,
  sha256: sha256HexSchema,
  documentType: documentTypeSchema,
} as const;

/** Deletes the content of every artefact whose retention has ended, or (dryRun) says which it would. */
export const runRetentionSweepV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'RunRetentionSweep',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Never deletes an artefact under a legal hold, nor one a published report within its defensibility period depends on.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'dryRun'],
    properties: {
      commandId: { type: 'string', minLength: 1, maxLength: 200 },
      actor: actorIdSchema,
      dryRun: { type: 'boolean' },
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sweepId', 'dryRun', 'at', 'deleted', 'kept'],
    properties: {
      sweepId: ingestIdSchema,
      dryRun: { type: 'boolean' },
      at: ingestInstantSchema,
      deleted: {
        type: 'array',
        description: 'Deleted now (or, dry run, that would be).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['artefactId', 'portfolioId', 'sha256', 'documentType'],
          properties: sweptArtefactProperties,
        },
      },
      kept: {
        type: 'array',
        description:
          'Past their retention period, but kept: held, or depended on by a report still defensible.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['artefactId', 'portfolioId', 'sha256', 'documentType', 'reason'],
          properties: {
            ...sweptArtefactProperties,
            reason: { type: 'string', enum: RETENTION_KEEP_REASONS },
            holdIds: { type: 'array', items: ingestIdSchema },
            reportId: ingestIdSchema,
            until: {
              ...ingestInstantSchema,
              description: 'When the dependent report stops being defensible.',
            },
          },
        },
      },
    },
  },
  example: {
    request: { commandId: 'retention-2036-11-07', actor: 'user-7', dryRun: true },
    reply: {
      sweepId: 'sweep-3c4d5e6f-7a8b-5c9d-8e0f-1a2b3c4d5e6f',
      dryRun: true,
      at: '2036-11-07T02:00:00.000Z',
      deleted: [
        {
          artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
          portfolioId: 'pf-001',
          sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          documentType: 'factsheet',
        },
      ],
      kept: [
        {
          artefactId: 'art-1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f',
          portfolioId: 'pf-001',
          sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752',
          documentType: 'nport',
          reason: 'legal_hold',
          holdIds: ['hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f'],
        },
      ],
    },
  },
});

export type RunRetentionSweepRequest = CommandRequest<typeof runRetentionSweepV1>;
export type RetentionSweepReply = CommandReply<typeof runRetentionSweepV1>;
