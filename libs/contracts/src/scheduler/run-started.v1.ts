import { defineEvent, type EventData } from '../define-event';
import {
  causeSchema,
  idSchema,
  instantSchema,
  policyVersionsSchema,
  reasonSchema,
  runChangesSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** A run (one attempt at a cycle) started; a rerun names the run it replaces, why, and what changed. */
export const runStartedV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunStarted',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Run 1 starts when the cycle opens; every later run replaces the previous one and carries reason and changes.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'runNumber', 'pinnedPolicyVersions', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      runNumber: { type: 'integer', minimum: 1 },
      replacesRunId: idSchema,
      reason: reasonSchema,
      changes: runChangesSchema,
      pinnedPolicyVersions: { ...policyVersionsSchema, description: 'The policy versions this run uses.' },
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-2',
    runNumber: 2,
    replacesRunId: 'pf-001-2026-10-scheduled-run-1',
    reason: 'Manager resent the N-PORT file with corrected holdings.',
    changes: {
      inputArtefacts: [
        { artefactId: 'art-991', sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
      ],
      serviceVersions: { extraction: '1.4.2' },
    },
    pinnedPolicyVersions: { rulesetId: 'ruleset-v12', materialityId: 'materiality-v4' },
    cause: { kind: 'operator', actor: 'user-42' },
    at: '2026-11-05T08:15:00.000Z',
  },
});

export type RunStartedV1 = EventData<typeof runStartedV1>;
export type RunChanges = NonNullable<RunStartedV1['changes']>;
