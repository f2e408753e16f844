import { NATS_URL, uniqueName } from '@fai/testing';
import {
  connect,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type NatsConnection,
} from 'nats';
import { BusPublishError, type BusMessage } from './event-bus';
import { ensureEventStream, EventStreamConfigError, JetStreamPublisher } from './jetstream-streams';

describe('JetStream event stream and publisher', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let name: string;
  let token: string;

  beforeEach(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
    token = uniqueName('js');
    name = token.toUpperCase();
  });

  afterEach(async () => {
    await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
  });

  const message = (id: string, event = 'artefact-ingested'): BusMessage => ({
    subject: `fai.${token}.${event}.v1`,
    id,
    headers: { 'Fai-Event-Name': event },
    data: new TextEncoder().encode(id),
  });

  async function stored(): Promise<Array<{ id: string; data: string; header: string }>> {
    const { state } = await jsm.streams.info(name);
    const result = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq += 1) {
      const m = await jsm.streams.getMessage(name, { seq });
      result.push({
        id: m.header.get('Nats-Msg-Id'),
        data: m.string(),
        header: m.header.get('Fai-Event-Name'),
      });
    }
    return result;
  }

  describe('ensureEventStream', () => {
    it('creates a file-backed, limits-retention stream with a two-minute duplicate window, and is idempotent', async () => {
      const first = await ensureEventStream(jsm, { name, subjects: [`fai.${token}.>`] });
      const again = await ensureEventStream(jsm, { name, subjects: [`fai.${token}.>`] });
      expect(first.config).toMatchObject({
        subjects: [`fai.${token}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(120_000),
      });
      expect(again.config).toEqual(first.config);
      expect(again.created).toEqual(first.created);
    });

    it('brings an existing stream to the wanted subjects and duplicate window', async () => {
      await ensureEventStream(jsm, { name, subjects: [`fai.${token}.a.>`] });
      const updated = await ensureEventStream(jsm, {
        name,
        subjects: [`fai.${token}.a.>`, `fai.${token}.b.>`],
        duplicateWindowMs: 300_000,
      });
      expect(updated.config.subjects).toEqual([`fai.${token}.a.>`, `fai.${token}.b.>`]);
      expect(updated.config.duplicate_window).toBe(nanos(300_000));
    });

    it('refuses a stream that exists with memory storage, and a duplicate window under two minutes', async () => {
      await jsm.streams.add({ name, subjects: [`fai.${token}.>`], storage: StorageType.Memory });
      const refusal = await ensureEventStream(jsm, { name, subjects: [`fai.${token}.>`] }).catch(
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(EventStreamConfigError);
      expect(refusal).toMatchObject({ code: 'EVENT_STREAM_CONFIG_INVALID' });
      await expect(
        ensureEventStream(jsm, { name: `${name}_2`, duplicateWindowMs: 60_000 }),
      ).rejects.toMatchObject({
        code: 'EVENT_STREAM_CONFIG_INVALID',
      });
    });
  });

  describe('JetStreamPublisher', () => {
    it('stores a batch larger than its window in order, with Nats-Msg-Id and headers', async () => {
      await ensureEventStream(jsm, { name, subjects: [`fai.${token}.>`] });
      const ids = Array.from({ length: 50 }, (_, i) => `event-${i}`);
      await new JetStreamPublisher(nc.jetstream(), { maxInFlight: 4 }).publish(ids.map((id) => message(id)));
      const messages = await stored();
      expect(messages.map((m) => m.id)).toEqual(ids);
      expect(messages.map((m) => m.data)).toEqual(ids);
      expect(messages[0].header).toBe('artefact-ingested');
    });

    it('resolves on duplicates and stores each id once', async () => {
      await ensureEventStream(jsm, { name, subjects: [`fai.${token}.>`] });
      const publisher = new JetStreamPublisher(nc.jetstream());
      await publisher.publish([message('a'), message('b')]);
      await publisher.publish([message('a'), message('b'), message('c')]);
      expect((await stored()).map((m) => m.id)).toEqual(['a', 'b', 'c']);
    });

    it('rejects with a typed error naming the first message no stream accepted', async () => {
      await ensureEventStream(jsm, { name, subjects: [`fai.${token}.artefact-ingested.v1`] });
      const publisher = new JetStreamPublisher(nc.jetstream(), { ackTimeoutMs: 1_000 });
      const failure = await publisher
        .publish([message('kept'), message('lost', 'not-captured'), message('after')])
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(BusPublishError);
      expect(failure).toMatchObject({ code: 'BUS_PUBLISH_FAILED', details: { id: 'lost' } });
      expect((await stored()).map((m) => m.id)).toContain('kept');
    });
  });
});
