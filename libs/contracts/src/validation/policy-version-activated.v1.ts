import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vId,
  vInstant,
  vPolicyId,
  vPolicyKind,
  vRationale,
  vSha256,
} from './validation-record.schemas';

/** An administrator made a policy version the active one; cycles pinned before keep theirs. */
export const policyVersionActivatedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'PolicyVersionActivated',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The version is the one new cycles pin from now on. The content hash identifies the document: a version id never names other content.',
    additionalProperties: false,
    required: ['policyKind', 'policyId', 'version', 'contentHash', 'actor', 'rationale', 'at'],
    properties: {
      policyKind: vPolicyKind,
      policyId: vPolicyId,
      version: { type: 'integer', minimum: 1 },
      contentHash: { ...vSha256, description: 'sha256 of the canonical JSON of the document.' },
      previousPolicyId: { ...vPolicyId, description: 'The version that was active before, if any.' },
      actor: { ...vId, description: 'The administrator’s user id.' },
      rationale: vRationale,
      at: vInstant,
    },
  },
  example: {
    policyKind: 'materiality',
    policyId: 'materiality@2',
    version: 2,
    contentHash: '9f2c4d1e6b7a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f',
    previousPolicyId: 'materiality@1',
    actor: 'admin-7',
    rationale: 'Pilot calibration: fee threshold lowered from 10 to 5 bps.',
    at: '2026-10-20T09:00:00.000Z',
  },
});

export type PolicyVersionActivatedV1 = EventData<typeof policyVersionActivatedV1>;
