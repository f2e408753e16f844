import { NATS_URL, uniqueName } from '@fai/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import {
  DeadLetterReader,
  deadLetterMessage,
  ensureDeadLetterStream,
  type DeadLetterRecord,
} from './dead-letter';
import { JetStreamPublisher } from './jetstream-streams';

let nc: NatsConnection;
let jsm: JetStreamManager;
let stream: string;
let consumers: [string, string];

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  await nc.close();
});

beforeEach(() => {
  const name = uniqueName('dlq');
  stream = name.toUpperCase();
  consumers = [`${name}_a`, `${name}_b`];
});

afterEach(async () => {
  await jsm.streams.delete(stream).catch(() => undefined);
});

function letter(consumer: string, index: number): DeadLetterRecord {
  return {
    consumer,
    subject: 'fai.ingest.artefact-ingested.v1',
    eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    stream: 'FAI_EVENTS',
    streamSequence: index,
    deliveryCount: 5,
    error: { code: 'STORE_UNAVAILABLE', message: `attempt ${index} failed` },
    deadLetteredAt: new Date(0).toISOString(),
  };
}

describe('dead-letter stream', () => {
  it('is created once and brought to a changed configuration', async () => {
    const subjects = [`fai-dlq.${consumers[0]}.>`, `fai-dlq.${consumers[1]}.>`];
    await ensureDeadLetterStream(jsm, stream, { subjects });
    await ensureDeadLetterStream(jsm, stream, { subjects });
    await ensureDeadLetterStream(jsm, stream, { subjects, maxAgeMs: 60_000 });
    const { config } = await jsm.streams.info(stream);
    expect(config).toMatchObject({ subjects, storage: 'file', max_age: 60_000 * 1e6, allow_direct: true });
  });

  it('lists letters oldest first, by consumer and page, with their errors and payloads', async () => {
    await ensureDeadLetterStream(jsm, stream, {
      subjects: [`fai-dlq.${consumers[0]}.>`, `fai-dlq.${consumers[1]}.>`],
    });
    const publisher = new JetStreamPublisher(nc.jetstream());
    const payload = (index: number) => new TextEncoder().encode(`{"n":${index}}`);
    const records = [0, 1, 2, 3, 4].map((index) => letter(consumers[index % 2], index));
    await publisher.publish(
      records.map((record, index) => deadLetterMessage(record, { headers: {}, data: payload(index) })),
    );
    // Giving up on the same event again inside the duplicate window stores nothing new.
    await publisher.publish([deadLetterMessage(records[0], { headers: {}, data: payload(0) })]);

    const reader = new DeadLetterReader(jsm, stream);
    const all = await reader.list();
    expect(all.nextSequence).toBeUndefined();
    expect(all.letters.map((stored) => stored.eventId)).toEqual(records.map((record) => record.eventId));
    expect(all.letters[3]).toMatchObject({ ...records[3], sequence: 4, data: payload(3) });

    const firstPage = await reader.list({ consumer: consumers[0], limit: 2 });
    expect(firstPage.letters.map((stored) => stored.streamSequence)).toEqual([0, 2]);
    const secondPage = await reader.list({
      consumer: consumers[0],
      limit: 2,
      fromSequence: firstPage.nextSequence,
    });
    expect(secondPage.letters.map((stored) => stored.streamSequence)).toEqual([4]);
    expect(secondPage.letters[0].error).toEqual({ code: 'STORE_UNAVAILABLE', message: 'attempt 4 failed' });
  });
});
