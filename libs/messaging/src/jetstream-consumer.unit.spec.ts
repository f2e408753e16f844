import { busMaxDeliver, consumerConfig, serverBackoffMs, serverFilterSubject } from './jetstream-consumer';

describe('serverFilterSubject (NATS 2.9 takes one filter per consumer)', () => {
  it('keeps a single subject as it is', () => {
    expect(serverFilterSubject(['fai.ingest.artefact-ingested.v1'])).toBe('fai.ingest.artefact-ingested.v1');
    expect(serverFilterSubject(['fai.ingest.>', 'fai.ingest.>'])).toBe('fai.ingest.>');
  });

  it('narrows several subjects to their common prefix', () => {
    expect(
      serverFilterSubject(['fai.ingest.artefact-ingested.v1', 'fai.ingest.inventory-completed.v1']),
    ).toBe('fai.ingest.>');
    expect(serverFilterSubject(['fai.ingest.a.v1', 'fai.scheduler.>'])).toBe('fai.>');
  });

  it('never narrows past the shortest subject, which `x.>` would not match', () => {
    expect(serverFilterSubject(['fai.ingest', 'fai.ingest.a'])).toBe('fai.>');
  });

  it('filters nothing when the subjects share no prefix', () => {
    expect(serverFilterSubject(['fai.ingest.a.v1', 'other.a'])).toBeUndefined();
    expect(serverFilterSubject(['>', 'fai.a'])).toBeUndefined();
  });
});

describe('serverBackoffMs', () => {
  it('keeps fewer entries than MaxDeliver, as NATS requires', () => {
    expect(serverBackoffMs([1_000, 5_000, 30_000, 120_000], 3)).toEqual([1_000, 5_000]);
    expect(serverBackoffMs([1_000, 5_000], 5)).toEqual([1_000, 5_000]);
    expect(serverBackoffMs([1_000], 1)).toEqual([]);
  });
});

describe('consumerConfig', () => {
  const spec = { durableName: 'd', filterSubjects: ['fai.ingest.>'], maxDeliver: 3, ackWaitMs: 2_000 };

  it('builds a durable, explicit-ack consumer with bounded redelivery and backoff in nanoseconds', () => {
    expect(consumerConfig({ ...spec, backoffMs: [1_000, 5_000, 30_000] }, 100)).toMatchObject({
      durable_name: 'd',
      ack_policy: 'explicit',
      filter_subject: 'fai.ingest.>',
      ack_wait: 2_000_000_000,
      max_deliver: 3,
      backoff: [1_000_000_000, 5_000_000_000],
      max_ack_pending: 100,
    });
    expect(consumerConfig(spec, 1).backoff).toBeUndefined();
  });

  it('refuses settings the server would misread', () => {
    expect(() => consumerConfig({ ...spec, maxDeliver: 0 }, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONSUMER_CONFIG' }),
    );
    expect(() => consumerConfig({ ...spec, ackWaitMs: 0 }, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONSUMER_CONFIG' }),
    );
  });
});

describe('busMaxDeliver', () => {
  it('leaves a day of dead-letter retries at the last back-off after the attempts', () => {
    expect(busMaxDeliver(5, [1_000, 5_000, 30_000, 120_000], 30_000)).toBe(5 + 1 + 720);
    expect(busMaxDeliver(3, [], 60_000)).toBe(3 + 1 + 1440);
  });
});
