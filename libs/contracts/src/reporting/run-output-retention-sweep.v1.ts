import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  OUTPUT_RETENTION_KEEP_REASONS,
  REPORT_OUTPUT_KINDS,
  REPORTING_CONTEXT,
  reportingHashSchema,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

const sweptOutputProperties = {
  outputId: reportingIdSchema,
  kind: { type: 'string', enum: REPORT_OUTPUT_KINDS },
  portfolioId: reportingIdSchema,
  sha256: reportingHashSchema,
} as const;

/** Deletes the content of every output whose retention has ended, or (dryRun) says which it would. */
export const runOutputRetentionSweepV1 = defineCommand({
  context: REPORTING_CONTEXT,
  name: 'RunOutputRetentionSweep',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Rules come from the portfolio’s latest source policy (outputRetention). Never deletes an output under a fund or portfolio legal hold, nor one of a published report within its defensibility period.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'dryRun'],
    properties: {
      commandId: { type: 'string', minLength: 1, maxLength: 200 },
      actor: { ...reportingIdSchema, description: 'The user id.' },
      dryRun: { type: 'boolean' },
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['sweepId', 'dryRun', 'at', 'deleted', 'kept'],
    properties: {
      sweepId: reportingIdSchema,
      dryRun: { type: 'boolean' },
      at: reportingInstantSchema,
      deleted: {
        type: 'array',
        description: 'Deleted now (or, dry run, that would be).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['outputId', 'kind', 'portfolioId', 'sha256'],
          properties: sweptOutputProperties,
        },
      },
      kept: {
        type: 'array',
        description:
          'Past their retention period, but kept: held, or of a published report still within its defensibility period.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['outputId', 'kind', 'portfolioId', 'sha256', 'reason'],
          properties: {
            ...sweptOutputProperties,
            reason: { type: 'string', enum: OUTPUT_RETENTION_KEEP_REASONS },
            holdIds: { type: 'array', items: reportingIdSchema },
            reportId: reportingIdSchema,
            until: {
              ...reportingInstantSchema,
              description: 'When the report’s defensibility period ends.',
            },
          },
        },
      },
    },
  },
  example: {
    request: { commandId: 'output-retention-2036-11-07', actor: 'user-7', dryRun: true },
    reply: {
      sweepId: 'output-sweep-3c4d5e6f-7a8b-5c9d-8e0f-1a2b3c4d5e6f',
      dryRun: true,
      at: '2036-11-07T02:00:00.000Z',
      deleted: [
        {
          outputId: 'pf-001-2026-10-monthly-run-1:portfolio_summary',
          kind: 'portfolio_summary',
          portfolioId: 'pf-001',
          sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        },
      ],
      kept: [
        {
          outputId: 'report-8e9fa0b1c2d3e4f5a6b7c8d9:memo_pdf',
          kind: 'memo_pdf',
          portfolioId: 'pf-001',
          sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752',
          reason: 'report_defensibility',
          reportId: 'report-8e9fa0b1c2d3e4f5a6b7c8d9',
          until: '2046-11-01T10:00:00.000Z',
        },
      ],
    },
  },
});

export type RunOutputRetentionSweepRequest = CommandRequest<typeof runOutputRetentionSweepV1>;
export type OutputRetentionSweepReply = CommandReply<typeof runOutputRetentionSweepV1>;
