import { ServiceMetrics } from '@fai/observability';
import { PG_URL } from '@fai/testing';
import { START } from '@fai/event-store';
import {
  appendEvents,
  createRelayWorld,
  readLog,
  streamMessageCount,
  streamMessages,
  until,
  type RelayWorld,
} from '../test/relay-fixtures';
import type { BusMessage, BusPublisher } from './event-bus';
import { JetStreamPublisher } from './jetstream-streams';
import { EventRelay, type EventRelayOptions } from './relay';
import { PgAdvisoryLeaderLock } from './relay-leader-lock';

/** Forwards to the real publisher and remembers what went through. */
class RecordingBus implements BusPublisher {
  readonly published: BusMessage[] = [];
  constructor(private readonly inner: BusPublisher) {}
  async publish(messages: BusMessage[]): Promise<void> {
    await this.inner.publish(messages);
    this.published.push(...messages);
  }
}

describe('EventRelay (PostgreSQL → JetStream)', () => {
  let world: RelayWorld;
  const relays: EventRelay[] = [];

  beforeEach(async () => {
    world = await createRelayWorld('relay');
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await world.close();
  });

  function relay(overrides: Partial<EventRelayOptions> = {}): EventRelay {
    const name = overrides.name ?? 'main';
    const created = new EventRelay({
      name,
      schema: world.test.schema,
      db: world.test.db,
      store: world.store,
      bus: new JetStreamPublisher(world.nc.jetstream(), { maxInFlight: 8 }),
      lock: new PgAdvisoryLeaderLock({ connectionString: PG_URL }, `${world.test.schema}:relay:${name}`),
      resolveType: world.resolveType,
      source: `fai/${world.context}`,
      batchSize: 20,
      pollIntervalMs: 50,
      standbyRetryMs: 50,
      ...overrides,
    });
    relays.push(created);
    return created;
  }

  it('publishes every event of several streams once, in global log order, as CloudEvents', async () => {
    await appendEvents(world.store, ['artefact-1', 'artefact-2', 'inventory-1'], 90);
    const subject = relay();
    await subject.start();
    await until(
      async () => (await streamMessageCount(world.jsm, world.streamName)) === 90,
      20_000,
      '90 messages',
    );
    const log = await readLog(world.store);
    const messages = await streamMessages(world.jsm, world.streamName);
    expect(messages.map((m) => m.msgId)).toEqual(log.map((e) => e.eventId));
    expect(messages[0].subject).toBe(`fai.${world.context}.artefact-ingested.v1`);
    expect(messages[1].cloudEvent).toMatchObject({
      id: log[1].eventId,
      type: `fai.${world.context}.inventory-completed.v1`,
      source: `fai/${world.context}`,
      faistream: log[1].streamId,
      faiposition: log[1].globalPosition.toString(),
      correlationid: 'corr-1',
      data: { n: 1 },
    });
    const last = log[log.length - 1];
    await until(
      async () => (await subject.checkpoint()).position === last.globalPosition,
      5_000,
      'checkpoint at the end',
    );
    expect(await subject.checkpoint()).toEqual({
      transactionId: last.transactionId,
      position: last.globalPosition,
    });
  });

  it('moves the checkpoint only after the bus accepted the batch, and retries a failed batch from it', async () => {
    await appendEvents(world.store, ['s-1', 's-2'], 10);
    const inner = new JetStreamPublisher(world.nc.jetstream());
    let failuresLeft = 2;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const attempts: number[] = [];
    const subject = relay({
      batchSize: 100,
      bus: {
        async publish(messages) {
          attempts.push(messages.length);
          if (failuresLeft-- > 0) throw new Error('bus unavailable');
          await gate;
          await inner.publish(messages);
        },
      },
    });
    await subject.start();
    await until(() => attempts.length === 3, 5_000, 'third attempt');
    expect(await subject.checkpoint()).toEqual(START);
    release();
    await until(
      async () => (await streamMessageCount(world.jsm, world.streamName)) === 10,
      5_000,
      '10 messages',
    );
    await until(async () => (await subject.checkpoint()).position > 0n, 5_000, 'checkpoint moved');
    expect(attempts).toEqual([10, 10, 10]);
    const log = await readLog(world.store);
    expect((await streamMessages(world.jsm, world.streamName)).map((m) => m.msgId)).toEqual(
      log.map((e) => e.eventId),
    );
  });

  it('lets only the leader of a name publish, and a standby take over when the leader stops', async () => {
    const buses = [0, 1].map(() => new RecordingBus(new JetStreamPublisher(world.nc.jetstream())));
    const [first, second] = buses.map((bus) => relay({ bus }));
    await first.start();
    await appendEvents(world.store, ['a', 'b'], 10);
    await until(() => buses[0].published.length === 10, 10_000, 'the first relay leading');
    await second.start();
    await appendEvents(world.store, ['a', 'b'], 20);
    await until(
      async () => (await streamMessageCount(world.jsm, world.streamName)) === 30,
      10_000,
      '30 messages',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(buses.map((bus) => bus.published.length)).toEqual([30, 0]);

    await first.stop();
    await appendEvents(world.store, ['a', 'b'], 10);
    // The stream holds the messages a moment before the publisher has all their acks: wait for both.
    await until(() => buses[1].published.length === 10, 10_000, 'the standby publishing');
    await until(
      async () => (await streamMessageCount(world.jsm, world.streamName)) === 40,
      10_000,
      '40 messages',
    );
    expect(buses.map((bus) => bus.published.length)).toEqual([30, 10]);
    const log = await readLog(world.store);
    expect((await streamMessages(world.jsm, world.streamName)).map((m) => m.msgId)).toEqual(
      log.map((e) => e.eventId),
    );
  });

  it('republishes exactly the relayed events of a position range, which JetStream drops inside the duplicate window', async () => {
    await appendEvents(world.store, ['x', 'y', 'z'], 60);
    const bus = new RecordingBus(new JetStreamPublisher(world.nc.jetstream()));
    const subject = relay({ bus });
    await subject.start();
    await until(
      async () => (await streamMessageCount(world.jsm, world.streamName)) === 60,
      10_000,
      '60 messages',
    );
    const log = await readLog(world.store);
    await until(
      async () => (await subject.checkpoint()).position === log[59].globalPosition,
      5_000,
      'checkpoint',
    );
    bus.published.length = 0;

    const from = log[10].globalPosition;
    const to = log[44].globalPosition;
    const expected = log
      .filter((e) => e.globalPosition >= from && e.globalPosition <= to)
      .map((e) => e.eventId);
    await expect(subject.republish(from, to)).resolves.toBe(expected.length);
    expect(bus.published.map((m) => m.id)).toEqual(expected);
    expect(await streamMessageCount(world.jsm, world.streamName)).toBe(60);
  });

  it('reports the events waiting behind its checkpoint on the lag gauge', async () => {
    const metrics = new ServiceMetrics('relay-test');
    await appendEvents(world.store, ['l'], 12);
    const lagOf = async () =>
      (await metrics.relayLag.get()).values.find((v) => v.labels.relay === 'lagging')?.value;
    const stuck = relay({
      name: 'lagging',
      metrics,
      bus: {
        async publish() {
          throw new Error('bus unavailable');
        },
      },
    });
    await stuck.start();
    await until(async () => (await lagOf()) === 12, 5_000, 'lag of 12');
    await stuck.stop();

    const healthy = relay({ name: 'lagging', metrics });
    await healthy.start();
    await until(async () => (await lagOf()) === 0, 5_000, 'lag of 0');
  });
});
