import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { VALIDATION_CONTEXT, vId, vPolicyId } from './validation-record.schemas';

const finding = {
  type: 'object',
  additionalProperties: false,
  required: ['fundId', 'fingerprint', 'kind', 'severity', 'title'],
  properties: { fundId: vId, fingerprint: vId, kind: vId, severity: vId, title: vId },
} as const;
const level = {
  type: 'object',
  additionalProperties: false,
  required: ['severity', 'blocking'],
  properties: { severity: vId, blocking: { type: 'boolean' } },
} as const;
const alert = {
  type: 'object',
  additionalProperties: false,
  required: ['fundId', 'subject', 'severity', 'title'],
  properties: { fundId: vId, subject: vId, severity: vId, title: vId },
} as const;
const count = { type: 'integer', minimum: 0 } as const;

/** What a candidate ruleset or materiality version would have changed in past runs; emits nothing. */
export const dryRunPolicyV1 = defineCommand({
  context: VALIDATION_CONTEXT,
  name: 'DryRunPolicy',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: re-validates the recorded inputs of the given runs (or the latest run of each of the last cycles) under the candidate versions and compares. Refusals: POLICY_VERSION_UNKNOWN, POLICY_KIND_MISMATCH, DRY_RUN_NOTHING_TO_COMPARE.',
    additionalProperties: false,
    properties: {
      rulesetId: vPolicyId,
      materialityId: vPolicyId,
      runIds: { type: 'array', minItems: 1, maxItems: 24, items: vId },
      portfolioId: { ...vId, description: 'Without runIds: this portfolio’s runs.' },
      lastCycles: { type: 'integer', minimum: 1, maximum: 24, description: 'Without runIds; default 3.' },
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['candidate', 'cycles', 'totals'],
    properties: {
      candidate: {
        type: 'object',
        additionalProperties: false,
        properties: { rulesetId: vPolicyId, materialityId: vPolicyId },
      },
      cycles: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [
            'cycleId',
            'runId',
            'exceptionsAdded',
            'exceptionsRemoved',
            'exceptionsReclassified',
            'alertsAdded',
            'alertsRemoved',
          ],
          properties: {
            cycleId: vId,
            runId: vId,
            exceptionsAdded: { type: 'array', items: finding },
            exceptionsRemoved: { type: 'array', items: finding },
            exceptionsReclassified: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: [...finding.required, 'before', 'after'],
                properties: { ...finding.properties, before: level, after: level },
              },
            },
            alertsAdded: { type: 'array', items: alert },
            alertsRemoved: { type: 'array', items: alert },
          },
        },
      },
      totals: {
        type: 'object',
        additionalProperties: false,
        required: ['exceptionsAdded', 'exceptionsRemoved', 'alertsAdded', 'alertsRemoved'],
        properties: {
          exceptionsAdded: count,
          exceptionsRemoved: count,
          alertsAdded: count,
          alertsRemoved: count,
        },
      },
    },
  },
  example: {
    request: { materialityId: 'materiality@2', portfolioId: 'pf-001', lastCycles: 3 },
    reply: {
      candidate: { materialityId: 'materiality@2' },
      cycles: [
        {
          cycleId: 'pf-001-2026-09-scheduled',
          runId: 'pf-001-2026-09-scheduled-run-1',
          exceptionsAdded: [],
          exceptionsRemoved: [],
          exceptionsReclassified: [],
          alertsAdded: [
            {
              fundId: 'fund-lg-cash',
              subject: 'delta-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
              severity: 'medium',
              title: 'costs.ongoing_charges@GB00B0CNHB64 increased by 6 bps',
            },
          ],
          alertsRemoved: [],
        },
      ],
      totals: { exceptionsAdded: 0, exceptionsRemoved: 0, alertsAdded: 1, alertsRemoved: 0 },
    },
  },
});

export type DryRunPolicyRequest = CommandRequest<typeof dryRunPolicyV1>;
export type DryRunPolicyReply = CommandReply<typeof dryRunPolicyV1>;
