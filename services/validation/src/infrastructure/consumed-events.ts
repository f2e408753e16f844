import { FaiError, type EventContract } from '@fai/contracts';
import type { ConsumedEvent } from '@fai/messaging';

export class UnsupportedEventVersionError extends FaiError {
  constructor(name: string, version: number, supported: number) {
    super({
      code: 'VALIDATION_EVENT_VERSION_UNSUPPORTED',
      message: `Validation reads ${name} v${supported}, but the registry decoded v${version}.`,
      hint: 'Deploy a validation version that reads the new event version; the message is retried, then dead-lettered.',
      details: { name, version, supported },
    });
  }
}

/**
 * The event's data typed by its contract, or undefined when it is another event. The decoder has
 * validated it and upcast it to the newest version it knows; a version this code does not read is
 * refused rather than misread.
 */
export function eventData<TData>(event: ConsumedEvent, contract: EventContract<TData>): TData | undefined {
  if (event.name !== contract.name) return undefined;
  if (event.version !== contract.version)
    throw new UnsupportedEventVersionError(event.name, event.version, contract.version);
  return event.data as TData;
}
