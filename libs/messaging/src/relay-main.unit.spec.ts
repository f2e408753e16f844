import { relayConfigFromEnv, RelayConfigError } from './relay-main';

describe('relayConfigFromEnv', () => {
  it('reads the shared service settings and the relay tuning', () => {
    expect(
      relayConfigFromEnv({
        FAI_SERVICE_CONTEXT: 'ingest',
        FAI_PG_URL: 'postgres://db/fai',
        FAI_PG_SCHEMA: 'ingest',
        FAI_NATS_URL: 'nats://bus:4222',
        FAI_EVENT_STREAM: 'FAI_EVENTS',
        FAI_EVENT_STREAM_SUBJECTS: 'fai.ingest.>,fai.platform.>',
        FAI_RELAY_BATCH_SIZE: '200',
      }),
    ).toEqual({
      pgUrl: 'postgres://db/fai',
      schema: 'ingest',
      natsUrl: 'nats://bus:4222',
      context: 'ingest',
      name: 'ingest',
      streamName: 'FAI_EVENTS',
      streamSubjects: ['fai.ingest.>', 'fai.platform.>'],
      batchSize: 200,
      pollIntervalMs: undefined,
      standbyRetryMs: undefined,
    });
  });

  it('refuses a missing context and a malformed number with a typed error', () => {
    expect(() => relayConfigFromEnv({})).toThrow(RelayConfigError);
    expect(() =>
      relayConfigFromEnv({ FAI_SERVICE_CONTEXT: 'ingest', FAI_RELAY_POLL_INTERVAL_MS: '50ms' }),
    ).toThrow(
      expect.objectContaining({
        code: 'RELAY_CONFIG_INVALID',
        details: { key: 'FAI_RELAY_POLL_INTERVAL_MS' },
      }),
    );
  });
});
