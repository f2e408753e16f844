import { streamsPlanFromEnv } from '../../ops/src/provision-streams';

describe('stream provisioning settings', () => {
  it('takes the deployment streams, subjects and retention from the environment', () => {
    expect(
      streamsPlanFromEnv({
        FAI_NATS_URL: 'nats://nats:4222',
        FAI_EVENT_STREAM: 'E',
        FAI_EVENT_STREAM_SUBJECTS: 'a.>,b.>',
        FAI_DLQ_STREAM: 'D',
        FAI_EVENT_RETENTION_DAYS: '90',
      }),
    ).toEqual({
      natsUrl: 'nats://nats:4222',
      events: { name: 'E', subjects: ['a.>', 'b.>'], retentionDays: 90 },
      deadLetters: { name: 'D', subjects: ['fai-dlq.>'] },
    });
  });

  it.each([undefined, '0', '7.5', 'week'])('refuses a retention of %s days', (days) => {
    expect(() => streamsPlanFromEnv({ FAI_EVENT_RETENTION_DAYS: days })).toThrow(
      expect.objectContaining({ code: 'OPS_CONFIG_INVALID', details: { key: 'FAI_EVENT_RETENTION_DAYS' } }),
    );
  });
});
