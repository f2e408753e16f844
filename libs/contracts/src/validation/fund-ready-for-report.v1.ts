import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vId, vInstant, vPolicyId, vRunRef } from './validation-record.schemas';

/** The pinned policy versions a fund's review was produced under, `<id>@<version>` each. */
export const pinnedPoliciesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleset', 'materiality', 'sourcePolicy'],
  properties: { ruleset: vPolicyId, materiality: vPolicyId, sourcePolicy: vPolicyId },
} as const;

/** A fund of the run has no open blocking exception: reporting may draft its memo. */
export const fundReadyForReportV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'FundReadyForReport',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Emitted for each ready fund of a run before the run’s ExceptionsRanked, and later for a fund whose last open blocking exception a reviewer resolves. At most once per run and fund.',
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'fundId', 'at', 'openExceptions', 'policies'],
    properties: {
      ...vRunRef,
      fundId: vId,
      at: vInstant,
      openExceptions: {
        type: 'integer',
        minimum: 0,
        description: 'Non-blocking exceptions of the fund still open or monitored: the memo lists them.',
      },
      policies: pinnedPoliciesSchema,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    fundId: 'fund-pimco-ldi',
    at: '2026-11-04T10:47:00.000Z',
    openExceptions: 2,
    policies: { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' },
  },
});

export type FundReadyForReportV1 = EventData<typeof fundReadyForReportV1>;
