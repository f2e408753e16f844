import { defineEvent, type EventData } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vId,
  vInstant,
  vPolicyId,
  vRationale,
  vSha256,
} from './validation-record.schemas';

const pinnedVersion = {
  type: 'object',
  additionalProperties: false,
  required: ['policyId', 'contentHash'],
  properties: { policyId: vPolicyId, contentHash: vSha256 },
} as const;

/** The cycle uses exactly these policy versions; activating another version later does not change them. */
export const cyclePoliciesPinnedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'CyclePoliciesPinned',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Pinned once per cycle, from the versions the cycle asked for or else the active ones. Only an administrator re-pins, with a reason.',
    additionalProperties: false,
    required: ['cycleId', 'ruleset', 'materiality', 'sourcePolicy', 'at'],
    properties: {
      cycleId: vId,
      ruleset: pinnedVersion,
      materiality: pinnedVersion,
      sourcePolicy: pinnedVersion,
      repin: {
        type: 'object',
        additionalProperties: false,
        description: 'Present when an administrator replaced an earlier pin.',
        required: ['actor', 'reason'],
        properties: { actor: vId, reason: vRationale },
      },
      at: vInstant,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    ruleset: {
      policyId: 'ruleset@1',
      contentHash: '1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff001',
    },
    materiality: {
      policyId: 'materiality@1',
      contentHash: '2b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff002',
    },
    sourcePolicy: {
      policyId: 'source-policy@1',
      contentHash: '3b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff003',
    },
    at: '2026-11-04T10:05:00.000Z',
  },
});

export type CyclePoliciesPinnedV1 = EventData<typeof cyclePoliciesPinnedV1>;
