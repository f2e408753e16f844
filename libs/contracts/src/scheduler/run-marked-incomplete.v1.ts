import { defineEvent, type EventData } from '../define-event';
import {
  causeSchema,
  idSchema,
  instantSchema,
  missingArtefactsSchema,
  SCHEDULER_CONTEXT,
  stageSchema,
} from './scheduler.schemas';

/** The cut-off passed with required artefacts missing: the run waits, incomplete, for them or an operator. */
export const runMarkedIncompleteV1 = defineEvent({
  context: SCHEDULER_CONTEXT,
  name: 'RunMarkedIncomplete',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Required artefacts were missing at cut-off. The run resumes when ingest completes or an operator proceeds (RunProceededAtCutOff).',
    additionalProperties: false,
    required: ['cycleId', 'runId', 'stage', 'missingArtefacts', 'cause', 'at'],
    properties: {
      cycleId: idSchema,
      runId: idSchema,
      stage: stageSchema,
      missingArtefacts: missingArtefactsSchema,
      cause: causeSchema,
      at: instantSchema,
    },
  },
  example: {
    cycleId: 'pf-001-2026-10-scheduled',
    runId: 'pf-001-2026-10-scheduled-run-1',
    stage: 'ingest',
    missingArtefacts: [{ fundId: 'fund-7', artefactType: 'nport' }],
    cause: { kind: 'clock' },
    at: '2026-11-06T07:00:00.000Z',
  },
});

export type RunMarkedIncompleteV1 = EventData<typeof runMarkedIncompleteV1>;
export type MissingRequiredArtefact = RunMarkedIncompleteV1['missingArtefacts'][number];
