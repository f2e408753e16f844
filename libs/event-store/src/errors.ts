import { FaiError } from '@fai/contracts';
import type { ExpectedVersion } from './types';

export class StreamVersionConflictError extends FaiError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number | undefined,
  ) {
    super({
      code: 'STREAM_VERSION_CONFLICT',
      message: `stream ${streamId} is at version ${actualVersion ?? 'none'}, expected ${expectedVersion}`,
      hint: 'Re-read the stream, decide again on the current state and retry the command.',
      details: { streamId, expectedVersion, actualVersion: actualVersion ?? null },
    });
  }
}

export class EventIdConflictError extends FaiError {
  constructor(streamId: string, eventIds: string[]) {
    super({
      code: 'EVENT_ID_CONFLICT',
      message: `some but not all events of this batch are already stored (stream ${streamId})`,
      hint: 'A retried command must resend exactly the batch it sent first, with the same event ids.',
      details: { streamId, eventIds },
    });
  }
}
