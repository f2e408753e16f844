import { FaiError, type EventContract } from '@fai/contracts';
import type { ConsumedEvent } from '@fai/messaging';

/** A consumed event decoded at a version the service's code was not written for. */
export class UnsupportedEventVersionError extends FaiError {
  constructor(service: string, name: string, version: number, supported: number) {
    super({
      code: `${service.toUpperCase()}_EVENT_VERSION_UNSUPPORTED`,
      message: `${service} reads ${name} v${supported}, but the registry decoded v${version}.`,
      hint: `Deploy a version of ${service} that reads the new event version; the message is retried, then dead-lettered.`,
      details: { name, version, supported },
    });
  }
}

/** Reads a consumed event's data typed by its contract (see eventDataReader). */
export type EventDataReader = <TData>(
  event: ConsumedEvent,
  contract: EventContract<TData>,
) => TData | undefined;

/**
 * The service's reader of consumed events: an event's data typed by its contract, or undefined when
 * it is another event. The decoder has validated it and upcast it to the newest version it knows;
 * a version the service's code does not read is refused rather than misread.
 */
export function eventDataReader(service: string): EventDataReader {
  return (event, contract) => {
    if (event.name !== contract.name) return undefined;
    if (event.version !== contract.version)
      throw new UnsupportedEventVersionError(service, event.name, event.version, contract.version);
    return event.data as never;
  };
}
