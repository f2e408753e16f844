import { defineEvent, type EventData } from '../define-event';
import {
  FUND_OUTPUT_REQUIRED,
  fundOutputProperties,
  REPORTING_CONTEXT,
  reportingHashSchema,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

/** The evidence pack behind a drafted memo is built: one archive with a hashed manifest. */
export const evidencePackBuiltV1 = defineEvent({
  context: REPORTING_CONTEXT,
  name: 'EvidencePackBuilt',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Every figure of the memo traced to its claim, artefact and location. Approval requires evidenceCoverage "1".',
    additionalProperties: false,
    required: [
      ...FUND_OUTPUT_REQUIRED,
      'memoId',
      'packId',
      'manifestSha256',
      'archiveSha256',
      'evidenceCoverage',
      'at',
    ],
    properties: {
      ...fundOutputProperties,
      memoId: reportingIdSchema,
      packId: reportingIdSchema,
      manifestSha256: reportingHashSchema,
      archiveSha256: reportingHashSchema,
      evidenceCoverage: {
        type: 'string',
        pattern: '^(0(\\.[0-9]+)?|1(\\.0+)?)$',
        description: 'Figures with a resolvable claim / figures, a decimal in 0..1.',
      },
      at: reportingInstantSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-7',
    memoId: 'memo-2f0c7e1a9b3d4c5e',
    packId: 'pack-5d6e7f8091a2b3c4',
    manifestSha256: '2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b',
    archiveSha256: '3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c',
    evidenceCoverage: '1',
    at: '2026-11-04T12:01:00.000Z',
  },
});

export type EvidencePackBuiltV1 = EventData<typeof evidencePackBuiltV1>;
