import { defineEvent, type EventData } from '../define-event';
import {
  causeSchema,
  idSchema,
  instantSchema,
  missingArtefactsSchema,
  reasonSchema,
  SCHEDULER_CONTEXT,
} from './scheduler.schemas';

/** An operator chose to go on without the missing required artefacts; they become exceptions downstream. */
export const runProceededAtCutOffV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunProceededAtCutOff',
  version: 1,
  schema: {
    type: 'object',
    description:
      'The incomplete run goes on at its stage; missingArtefacts is what the operator accepted to be missing.',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'missingArtefacts', 'reason', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      missingArtefacts: missingArtefactsSchema,
      reason: reasonSchema,
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    missingArtefacts: [{ fundId: 'fund-7', artefactType: 'nport' }],
    reason: 'Manager confirmed the filing is delayed; review the rest on time.',
    cause: { kind: 'operator', actor: 'user-42' },
    at: '2026-11-06T09:30:00.000Z',
  },
});

export type RunProceededAtCutOffV1 = EventData<typeof runProceededAtCutOffV1>;
