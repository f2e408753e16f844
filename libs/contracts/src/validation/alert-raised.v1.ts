import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vChangeCategory,
  vId,
  vInstant,
  vMateriality,
  vRunRef,
} from './validation-record.schemas';

/** A change or exception crossed the pinned materiality policy's threshold, and evidence supports it. */
export const alertRaisedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'AlertRaised',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Raised only when the item exists, crosses a threshold or rule, and its evidence is strong enough; weak evidence gives a needs_verification exception instead.',
    additionalProperties: false,
    required: [
      'alertId',
      'portfolioId',
      'cycleId',
      'runId',
      'fundId',
      'subject',
      'severity',
      'title',
      'evidenceClaimIds',
      'materiality',
      'at',
    ],
    properties: {
      alertId: vId,
      ...vRunRef,
      fundId: vId,
      subject: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'id'],
        properties: { kind: { type: 'string', enum: ['delta', 'exception'] }, id: vId },
      },
      exceptionId: { ...vId, description: 'The exception that tracks the alert’s decision and follow-up.' },
      category: vChangeCategory,
      severity: { type: 'string', enum: ['high', 'medium', 'low'] },
      title: vId,
      evidenceClaimIds: { type: 'array', minItems: 1, items: vId },
      materiality: vMateriality,
      at: vInstant,
    },
  },
  example: {
    alertId: 'alert-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2021-02-scheduled',
    runId: 'pf-001-2021-02-scheduled-run-1',
    fundId: 'fund-lg-cash',
    subject: { kind: 'delta', id: 'delta-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d' },
    exceptionId: 'exc-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
    category: 'fees_and_share_class_terms',
    severity: 'high',
    title: 'costs.ongoing_charges@GB00B0CNHB64 increased by 10 bps',
    evidenceClaimIds: ['c0a8e1f2-0000-4000-8000-000000000001'],
    materiality: {
      policyId: 'materiality@1',
      total: '0.8500',
      severity: 'high',
      breakdown: { severity: '1.0000', magnitude: '1.0000', confidence: '0.9000', persistence: '0.0000' },
      thresholdCrossed: true,
      magnitudeRule: 'fee_change_bps',
    },
    at: '2026-11-04T10:48:00.000Z',
  },
});

export type AlertRaisedV1 = EventData<typeof alertRaisedV1>;
