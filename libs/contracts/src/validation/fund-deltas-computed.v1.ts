import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vChangeCategory,
  vDate,
  vDecimal,
  vId,
  vInstant,
  vMateriality,
  vRunRef,
} from './validation-record.schemas';

const sideSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'unit'],
  properties: { value: { type: 'string' }, unit: vId, asOf: vDate },
} as const;

export const deltaSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'deltaId',
    'fieldKey',
    'metric',
    'change',
    'category',
    'magnitude',
    'evidenceClaimIds',
    'materiality',
  ],
  properties: {
    deltaId: vId,
    fieldKey: vId,
    metric: vId,
    shareClass: vId,
    subject: vId,
    change: { type: 'string', enum: ['increase', 'decrease', 'changed', 'added', 'removed'] },
    category: vChangeCategory,
    before: sideSchema,
    after: sideSchema,
    magnitude: {
      type: 'object',
      additionalProperties: false,
      properties: {
        absolute: vDecimal,
        relativePercent: vDecimal,
        bps: { ...vDecimal, description: 'For fees and other percentages: the change in basis points.' },
      },
    },
    evidenceClaimIds: { type: 'array', minItems: 1, items: vId },
    materiality: vMateriality,
  },
} as const;

/** One fund's fields are compared with its last approved snapshot (none: this cycle is its baseline). */
export const fundDeltasComputedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'FundDeltasComputed',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Each delta has its change category, before/after, magnitude, evidence and materiality breakdown.',
    additionalProperties: false,
    required: ['portfolioId', 'cycleId', 'runId', 'fundId', 'baseline', 'deltas', 'at'],
    properties: {
      ...vRunRef,
      fundId: vId,
      baseline: {
        type: 'boolean',
        description: 'No approved snapshot yet: no deltas, this cycle is the baseline.',
      },
      priorSnapshotId: vId,
      deltas: { type: 'array', items: deltaSchema },
      at: vInstant,
    },
  },
  example: {
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2021-02-scheduled',
    runId: 'pf-001-2021-02-scheduled-run-1',
    fundId: 'fund-lg-cash',
    baseline: false,
    priorSnapshotId: 'snap-fund-lg-cash-2019-05',
    deltas: [
      {
        deltaId: 'delta-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
        fieldKey: 'costs.ongoing_charges@GB00B0CNHB64',
        metric: 'costs.ongoing_charges',
        shareClass: 'GB00B0CNHB64',
        change: 'increase',
        category: 'fees_and_share_class_terms',
        before: { value: '0.15', unit: 'percent', asOf: '2019-05-28' },
        after: { value: '0.25', unit: 'percent', asOf: '2021-02-15' },
        magnitude: { absolute: '0.10', relativePercent: '66.6667', bps: '10' },
        evidenceClaimIds: ['c0a8e1f2-0000-4000-8000-000000000001'],
        materiality: {
          policyId: 'materiality@1',
          total: '0.8500',
          severity: 'high',
          breakdown: { severity: '1.0000', magnitude: '1.0000', confidence: '0.9000', persistence: '0.0000' },
          thresholdCrossed: true,
          magnitudeRule: 'fee_change_bps',
        },
      },
    ],
    at: '2026-11-04T10:41:00.000Z',
  },
});

export type FundDeltasComputedV1 = EventData<typeof fundDeltasComputedV1>;
export type DeltaRecordV1 = FundDeltasComputedV1['deltas'][number];
