import { Injectable } from '@nestjs/common';
import { ContractRegistry } from '@fai/contracts';
import { EventCodec as ServiceEventCodec, type EventContext } from '@fai/service-kit';

export type { DomainEvent, EventContext } from '@fai/service-kit';

// Event ids are name-based UUIDs in the scheduler's own namespace.
const EVENT_ID_NAMESPACE = '0b7c52d5-2c1c-4d0a-9a51-6f3e0f1a7c44';

/** The platform's event codec with the scheduler's event-id namespace, injectable by class. */
@Injectable()
export class EventCodec extends ServiceEventCodec {
  constructor(registry: ContractRegistry) {
    super(registry, EVENT_ID_NAMESPACE);
  }
}

/** The context of a command an operator sent: the caller's correlation id when the request carried one. */
export function operatorContext(
  request: { commandId: string; actor: string },
  correlationId?: string,
): EventContext {
  return {
    commandId: request.commandId,
    actor: request.actor,
    correlationId: correlationId ?? request.commandId,
  };
}
