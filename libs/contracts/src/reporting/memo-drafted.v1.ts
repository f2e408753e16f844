import { defineEvent, type EventData } from '../define-event';
import {
  FUND_OUTPUT_REQUIRED,
  fundOutputProperties,
  REPORTING_CONTEXT,
  reportingHashSchema,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

/** A fund's draft memo is rendered (HTML and PDF) from its stored memo input. */
export const memoDraftedV1 = defineEvent({
  context: REPORTING_CONTEXT,
  name: 'MemoDrafted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The fund enters (or returns to) draft in the approval workflow. A later MemoDrafted for the same fund and cycle supersedes this one.',
    additionalProperties: false,
    required: [
      ...FUND_OUTPUT_REQUIRED,
      'memoId',
      'version',
      'templateVersion',
      'htmlSha256',
      'pdfSha256',
      'figures',
      'at',
    ],
    properties: {
      ...fundOutputProperties,
      memoId: reportingIdSchema,
      version: {
        type: 'integer',
        minimum: 1,
        description: 'Counts the drafts of the fund in the cycle: 1, 2, ... across reruns.',
      },
      templateVersion: { ...reportingIdSchema, description: 'The pinned template, e.g. memo@1.' },
      htmlSha256: reportingHashSchema,
      pdfSha256: reportingHashSchema,
      figures: { type: 'integer', minimum: 0, description: 'Figures shown in the memo.' },
      at: reportingInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-2f0c7e1a9b3d4c5e',
    version: 1,
    templateVersion: 'memo@1',
    htmlSha256: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    pdfSha256: '1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a',
    figures: 14,
    at: '2026-11-04T12:01:00.000Z',
  },
});

export type MemoDraftedV1 = EventData<typeof memoDraftedV1>;
