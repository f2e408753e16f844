import { defineEvent, type EventData } from '../define-event';
import {
  REPORT_OUTPUT_KINDS,
  REPORTING_CONTEXT,
  reportingHashSchema,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

/** An output retention sweep deleted an output's content; its registry row and hash stay for the audit trail. */
export const reportOutputContentDeletedV1 = defineEvent({
  context: REPORTING_CONTEXT,
  name: 'ReportOutputContentDeleted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Stream output-<outputId>. Appended before the bytes leave the output store (they stay while another output still kept has the same sha256); the output is no longer readable (OUTPUT_CONTENT_DELETED).',
    additionalProperties: false,
    required: [
      'outputId',
      'kind',
      'portfolioId',
      'cycleId',
      'runId',
      'sha256',
      'sweepId',
      'sourcePolicyId',
      'retentionDays',
      'defensibilityDays',
      'actor',
      'at',
    ],
    properties: {
      outputId: reportingIdSchema,
      kind: { type: 'string', enum: REPORT_OUTPUT_KINDS },
      portfolioId: reportingIdSchema,
      cycleId: reportingIdSchema,
      runId: reportingIdSchema,
      fundId: { ...reportingIdSchema, description: 'Absent for a run’s portfolio summary.' },
      reportId: {
        ...reportingIdSchema,
        description: 'The published report the output belongs to, whose defensibility period has ended.',
      },
      sha256: reportingHashSchema,
      sweepId: reportingIdSchema,
      sourcePolicyId: {
        ...reportingIdSchema,
        description: 'The source policy version whose output retention rule applied.',
      },
      retentionDays: { type: 'integer', minimum: 0 },
      defensibilityDays: { type: 'integer', minimum: 0 },
      actor: reportingIdSchema,
      at: reportingInstantSchema,
    },
  },
  example: {
    outputId: 'report-8e9fa0b1c2d3e4f5a6b7c8d9:memo_pdf',
    kind: 'memo_pdf',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-monthly',
    runId: 'pf-001-2026-10-monthly-run-1',
    fundId: 'fund-7',
    reportId: 'report-8e9fa0b1c2d3e4f5a6b7c8d9',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    sweepId: 'output-sweep-3c4d5e6f-7a8b-5c9d-8e0f-1a2b3c4d5e6f',
    sourcePolicyId: 'pf-001-source-policy-v3',
    retentionDays: 365,
    defensibilityDays: 3650,
    actor: 'system:retention',
    at: '2036-11-07T02:00:00.000Z',
  },
});

export type ReportOutputContentDeletedV1 = EventData<typeof reportOutputContentDeletedV1>;
