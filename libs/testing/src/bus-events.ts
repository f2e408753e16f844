import { randomUUID } from 'node:crypto';
import { dataSchemaUri, EVENT_SUBJECT_PREFIX, type CloudEvent, type EventContract } from '@fai/contracts';
import {
  toBusMessage,
  type BusMessage,
  type BusPublisher,
  type ConsumerHandle,
  type MessageBus,
} from '@fai/messaging';

/** What a test sets on an event beyond its contract and data; each attribute left out gets a fresh or derived value. */
export type EventEnvelope = Partial<Omit<CloudEvent, 'specversion' | 'type' | 'dataschema' | 'data'>> & {
  /** Puts the event under this subject prefix instead of `fai` (`fai.<unique>`), as a test's own stream captures it. */
  prefix?: string;
};

/**
 * An event of `contract` as its owner's relay puts it on the bus: a structured CloudEvent with the
 * contract's headers, a fresh id (the message id too) and correlation id unless `envelope` names them.
 */
export function eventMessage<T>(
  contract: EventContract<T>,
  data: T,
  { prefix = EVENT_SUBJECT_PREFIX, ...envelope }: EventEnvelope = {},
): BusMessage {
  const type = contract.type.replace(EVENT_SUBJECT_PREFIX, prefix);
  const event: CloudEvent<T> = {
    specversion: '1.0',
    id: randomUUID(),
    source: `fai/${contract.context}`,
    type,
    subject: type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(contract.type),
    correlationid: randomUUID(),
    ...envelope,
    data,
  };
  return toBusMessage(event, contract.name, contract.version);
}

/** Publishes an event as another service's relay would (see `eventMessage`) and returns its id. */
export async function publishAs<T>(
  publisher: BusPublisher,
  contract: EventContract<T>,
  data: T,
  envelope?: EventEnvelope,
): Promise<string> {
  const message = eventMessage(contract, data, envelope);
  await publisher.publish([message]);
  return message.id;
}

/**
 * Collects the events on `filterSubjects` into `into`, in order, as a downstream service's durable
 * consumer receives them, until the handle is stopped. Meant for the embedded default's in-process
 * bus, which ignores the stream name; on JetStream the durable would outlive the test.
 */
export function collectEvents(
  bus: MessageBus,
  filterSubjects: string[],
  into: CloudEvent[],
): Promise<ConsumerHandle> {
  return bus
    .subscriber({ stream: 'FAI_EVENTS' })
    .consume(
      { durableName: 'test-feed', filterSubjects, maxDeliver: 1, ackWaitMs: 60_000 },
      async (message) => {
        into.push(JSON.parse(Buffer.from(message.data).toString('utf8')) as CloudEvent);
        message.ack();
      },
    );
}
