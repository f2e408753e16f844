import { FaiError } from '@fai/contracts';

/** The run cannot be validated at all (not a finding about its data): its validate stage fails. */
export class RunNotValidatableError extends FaiError {
  constructor(subject: string, code: 'CYCLE_UNKNOWN' | 'CYCLE_POLICIES_NOT_PINNED', message: string) {
    super({
      code,
      message,
      hint:
        code === 'CYCLE_UNKNOWN'
          ? 'Validation learns cycles from the scheduler’s CycleOpened; check that it was published, then rerun.'
          : 'An administrator activates a version of each policy (activate-policy), then the run is started again.',
      details: { subject },
    });
  }
}
