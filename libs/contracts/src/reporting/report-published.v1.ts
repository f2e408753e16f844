import { defineEvent, type EventData } from '../define-event';
import {
  FUND_OUTPUT_REQUIRED,
  fundOutputProperties,
  publishedFileSchema,
  REPORTING_CONTEXT,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

/** A fund's approved report is published: downstream systems subscribe to this subject. */
export const reportPublishedV1 = defineEvent({
  context: REPORTING_CONTEXT,
  name: 'ReportPublished',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The final memo (with the approval stamp) and the evidence pack are registered; the run’s fields become the fund’s last approved snapshot.',
    additionalProperties: false,
    required: [
      ...FUND_OUTPUT_REQUIRED,
      'reportId',
      'memoId',
      'packId',
      'snapshotId',
      'approvedBy',
      'submittedBy',
      'files',
      'at',
    ],
    properties: {
      ...fundOutputProperties,
      reportId: reportingIdSchema,
      memoId: { ...reportingIdSchema, description: 'The approved draft the final memo was written from.' },
      packId: reportingIdSchema,
      snapshotId: {
        ...reportingIdSchema,
        description: 'The content-addressed memo input the report was rendered from (its sha256).',
      },
      approvedBy: reportingIdSchema,
      submittedBy: reportingIdSchema,
      files: { type: 'array', minItems: 1, items: publishedFileSchema },
      at: reportingInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    reportId: 'report-8e9fa0b1c2d3e4f5',
    memoId: 'memo-2f0c7e1a9b3d4c5e',
    packId: 'pack-7a8b9c0d1e2f3a4b',
    snapshotId: '4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d',
    approvedBy: 'user-17',
    submittedBy: 'user-42',
    files: [
      {
        kind: 'memo_pdf',
        sha256: '5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
        uri: 'fai-output://sha256/5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
        bytes: 48211,
      },
    ],
    at: '2026-11-06T09:30:00.000Z',
  },
});

export type ReportPublishedV1 = EventData<typeof reportPublishedV1>;
export type PublishedFile = ReportPublishedV1['files'][number];
