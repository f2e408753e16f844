import { runStartedV1, type CloudEvent } from '@fai/contracts';
import {
  EVENT_NAME_HEADER,
  EVENT_VERSION_HEADER,
  InProcessBus,
  inProcessMessageBus,
  type BusMessage,
} from '@fai/messaging';
import { collectEvents, eventMessage, publishAs } from './bus-events';
import { eventually } from './eventually';

const data = runStartedV1.example;
const cloudEventOf = (message: BusMessage) =>
  JSON.parse(Buffer.from(message.data).toString('utf8')) as CloudEvent;

describe('eventMessage', () => {
  it('puts the event on its contract’s subject with the contract’s headers, as a relay does', () => {
    const message = eventMessage(runStartedV1, data);
    const event = cloudEventOf(message);
    expect(message).toMatchObject({
      subject: runStartedV1.type,
      id: event.id,
      headers: { [EVENT_NAME_HEADER]: 'RunStarted', [EVENT_VERSION_HEADER]: '1' },
    });
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'fai/scheduler',
      type: runStartedV1.type,
      subject: runStartedV1.type,
      dataschema: `urn:fai:schema:${runStartedV1.type}`,
      data,
    });
    expect(event.correlationid).not.toBe(event.id);
  });

  it('moves the subject under a test’s prefix and keeps what the envelope names', () => {
    const message = eventMessage(runStartedV1, data, {
      prefix: 'fai.t1',
      id: 'event-1',
      tenantid: 'tenant-acme',
      actor: 'operator-1',
    });
    expect(message.subject).toBe('fai.t1.scheduler.run-started.v1');
    expect(message.id).toBe('event-1');
    expect(cloudEventOf(message)).toMatchObject({
      id: 'event-1',
      type: 'fai.t1.scheduler.run-started.v1',
      dataschema: `urn:fai:schema:${runStartedV1.type}`,
      tenantid: 'tenant-acme',
      actor: 'operator-1',
    });
  });
});

describe('publishAs and collectEvents on the in-process bus', () => {
  const bus = new InProcessBus();
  afterAll(() => bus.close());

  it('publishes the event, returns its id, and a collector of its subjects receives it', async () => {
    const seen: CloudEvent[] = [];
    const feed = await collectEvents(inProcessMessageBus(bus), ['fai.scheduler.>'], seen);
    // Delivered in publish order: had the first matched, it would be in before the second.
    await publishAs(bus, runStartedV1, data, { prefix: 'fai.elsewhere' });
    const id = await publishAs(bus, runStartedV1, data, { actor: 'operator-1' });
    const [event] = await eventually(
      'the collected event',
      () => (seen.length > 0 ? seen : undefined),
      2_000,
      5,
    );
    await feed.stop();
    expect(seen).toHaveLength(1);
    expect(event).toMatchObject({ id, actor: 'operator-1', data });
  });
});
