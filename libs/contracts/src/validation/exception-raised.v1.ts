import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vClaimIds,
  vExceptionKind,
  vId,
  vInstant,
  vMateriality,
  vRunRef,
  vSeverity,
} from './validation-record.schemas';

/** An issue needing human attention was found in a run; its lifecycle is the stream `exception-<exceptionId>`. */
export const exceptionRaisedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ExceptionRaised',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Raised by validation (missing field, contradiction, stale evidence, unsupported claim), by materiality (material change, needs verification) or from ingest and extraction problems. Never resolved silently.',
    additionalProperties: false,
    required: [
      'exceptionId',
      'portfolioId',
      'cycleId',
      'runId',
      'fundId',
      'kind',
      'severity',
      'blocking',
      'requiresReviewerDecision',
      'title',
      'fingerprint',
      'evidenceClaimIds',
      'details',
      'materiality',
      'slaDueAt',
      'at',
    ],
    properties: {
      exceptionId: {
        ...vId,
        description: 'Derived from the run and the fingerprint: a replay raises the same id.',
      },
      ...vRunRef,
      fundId: vId,
      kind: vExceptionKind,
      severity: vSeverity,
      blocking: { type: 'boolean', description: 'The fund cannot go to review until it is resolved.' },
      requiresReviewerDecision: {
        type: 'boolean',
        description: 'A high-severity contradiction: only a reviewer may resolve it.',
      },
      title: vId,
      fingerprint: {
        ...vId,
        description:
          'What the exception is about, stable across cycles (fund, kind, field or check): persistence counts on it.',
      },
      fieldKey: vId,
      checkId: vId,
      deltaId: vId,
      evidenceClaimIds: vClaimIds,
      details: { type: 'object', additionalProperties: true, description: 'Measures, tolerances, reasons.' },
      suggestion: {
        type: 'object',
        additionalProperties: false,
        description:
          'For a conflict: the value the source policy ranks first. A suggestion, never a decision.',
        required: ['claimId', 'value', 'unit', 'reason'],
        properties: { claimId: vId, value: { type: 'string' }, unit: vId, reason: vId },
      },
      choices: {
        type: 'array',
        description: 'For a conflict: every disputed statement a reviewer may accept, best-ranked first.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['claimId', 'value', 'unit', 'asOf', 'extractorId', 'artefactSha256'],
          properties: {
            claimId: vId,
            value: { type: 'string' },
            unit: vId,
            asOf: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
            extractorId: vId,
            artefactSha256: { type: 'string', pattern: '^[a-f0-9]{64}$' },
          },
        },
      },
      materiality: vMateriality,
      slaDueAt: {
        ...vInstant,
        description: 'Raised time plus the pinned materiality policy’s SLA for the severity.',
      },
      at: vInstant,
    },
  },
  example: {
    exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
    portfolioId: 'pf-001',
    cycleId: 'pf-001-2024-06-scheduled',
    runId: 'pf-001-2024-06-scheduled-run-1',
    fundId: 'fund-pimco-ldi',
    kind: 'contradiction',
    severity: 'high',
    blocking: true,
    requiresReviewerDecision: true,
    title: 'fund.net_assets: sources disagree beyond tolerance',
    fingerprint: 'fund-pimco-ldi|contradiction|cross_source|fund.net_assets',
    fieldKey: 'fund.net_assets',
    checkId: 'cross_source',
    evidenceClaimIds: ['81f4b0d9-9523-5b39-8ebd-ea5a46470483', 'c2a9d0b1-0000-4000-8000-000000000002'],
    details: { deviation: '0.0235', tolerance: '0.005' },
    suggestion: {
      claimId: '81f4b0d9-9523-5b39-8ebd-ea5a46470483',
      value: '10108107972.19',
      unit: 'USD',
      reason: 'nport-xml ranks first in source-policy@1',
    },
    materiality: {
      policyId: 'materiality@1',
      total: '0.8200',
      severity: 'high',
      breakdown: { severity: '1.0000', magnitude: '0.6000', confidence: '1.0000', persistence: '0.2500' },
      thresholdCrossed: true,
    },
    slaDueAt: '2026-11-06T10:30:00.000Z',
    at: '2026-11-04T10:30:00.000Z',
  },
});

export type ExceptionRaisedV1 = EventData<typeof exceptionRaisedV1>;
