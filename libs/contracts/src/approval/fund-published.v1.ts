import { defineEvent, type EventData } from '../define-event';
import { APPROVAL_CONTEXT, idSchema, instantSchema } from './approval.schemas';

/** Reporting published the approved fund's report: the workflow ends at `published`. */
export const fundPublishedV1 = defineEvent({
  context: APPROVAL_CONTEXT,
  name: 'FundPublished',
  version: 1,
  schema: {
    type: 'object',
    description: 'Follows reporting’s ReportPublished; nothing changes the fund in this cycle any more.',
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'fundId', 'reportId', 'at'],
    properties: {
      portfolioId: idSchema,
      cycleId: idSchema,
      runId: idSchema,
      fundId: idSchema,
      reportId: idSchema,
      at: instantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    reportId: 'report-fund-7-pf-001-2026-10-scheduled',
    at: '2026-11-07T08:00:00.000Z',
  },
});

export type FundPublishedV1 = EventData<typeof fundPublishedV1>;
