/*
 * The stage outcome events: how the services that do a run's work tell the scheduler a stage of that
 * run finished or could not finish. Each owning context defines its own events (names are unique
 * across contexts), all shaped alike:
 *
 * - `<Something>Completed`-style events name the run: portfolioId, cycleId, runId and when (`at`).
 * - One failure event per context, `<Context>StageFailed`, adds the failed stage, a stable error code
 *   and diagnostics; the scheduler fails the run with them and blocks its publication.
 *
 * The fragments are `as const` so `FromSchema` infers exact types; every contract inlines them.
 */

const id = { type: 'string', minLength: 1 } as const;

export const stageOutcomeProperties = {
  portfolioId: id,
  cycleId: id,
  runId: {
    ...id,
    description: 'The run whose stage this is: events for a run that is no longer current are dropped.',
  },
  at: { type: 'string', format: 'date-time', description: 'When the stage finished.' },
} as const;

export const STAGE_OUTCOME_REQUIRED = ['portfolioId', 'cycleId', 'runId', 'at'] as const;

export const stageFailureProperties = {
  ...stageOutcomeProperties,
  errorCode: {
    type: 'string',
    pattern: '^[A-Z][A-Z0-9_]*$',
    description: 'The failing service’s stable error code.',
  },
  diagnostics: {
    type: 'object',
    additionalProperties: true,
    description: 'What an operator needs to act: message, hint, failing artefact, ... (never secrets).',
  },
} as const;

export const STAGE_FAILURE_REQUIRED = [
  ...STAGE_OUTCOME_REQUIRED,
  'stage',
  'errorCode',
  'diagnostics',
] as const;

const STAGE_FAILURE_DESCRIPTION =
  'A failure, not a finding: missing or conflicting evidence becomes exceptions and the run goes on. The scheduler fails the run and blocks its publication.';

/** The schema of a `<Context>StageFailed` event whose `stage` property is `stage`. */
export function stageFailureSchema<const Stage extends object>(
  stage: Stage,
  description: string = STAGE_FAILURE_DESCRIPTION,
) {
  return {
    type: 'object',
    description,
    additionalProperties: false,
    required: STAGE_FAILURE_REQUIRED,
    properties: { ...stageFailureProperties, stage },
  } as const;
}
