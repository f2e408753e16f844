import { FaiError } from '@fai/contracts';

/** The stored checkpoint moved under this runner: another instance led, or the projection was reset. */
export class ProjectionCheckpointConflictError extends FaiError {
  constructor(projection: string) {
    super({
      code: 'PROJECTION_CHECKPOINT_CONFLICT',
      message: `the checkpoint of projection ${projection} was moved by someone else`,
      hint: 'Nothing to do: the runner steps down and leads again from the stored checkpoint (after a rebuild, from the start).',
      details: { projection },
    });
  }
}

export class UnknownProjectionError extends FaiError {
  constructor(projection: string, known: readonly string[]) {
    super({
      code: 'UNKNOWN_PROJECTION',
      message: `no projection is named ${projection}`,
      hint: `Name one of: ${known.join(', ')}.`,
      details: { projection, known },
    });
  }
}

export class DuplicateProjectionError extends FaiError {
  constructor(projection: string) {
    super({
      code: 'DUPLICATE_PROJECTION',
      message: `two projections are named ${projection}`,
      hint: 'Give each projection of a service its own name: it keys the checkpoint.',
      details: { projection },
    });
  }
}

/** The session holding the leader lock ended (connection lost): another instance may lead now. */
export class ProjectionLeadLostError extends FaiError {
  constructor(runner: string) {
    super({
      code: 'PROJECTION_LEAD_LOST',
      message: `projection runner ${runner} lost its leader lock`,
      hint: 'Nothing to do: the runner stands by and leads again once it can take the lock; check PostgreSQL connectivity if it repeats.',
      details: { runner },
    });
  }
}
