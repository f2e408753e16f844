import { ensureEventStream } from '@fai/messaging';
import { NATS_URL, uniqueName } from '@fai/testing';
import { connect, nanos, type JetStreamManager, type NatsConnection } from 'nats';
import { provisionStreams, type StreamsPlan } from '../../ops/src/provision-streams';

const DAY_NS = nanos(24 * 3600 * 1000);
let nc: NatsConnection;
let jsm: JetStreamManager;
let plan: StreamsPlan;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
  const prefix = uniqueName('prov');
  plan = {
    natsUrl: NATS_URL,
    events: { name: `${prefix}_events`.toUpperCase(), subjects: [`${prefix}.>`], retentionDays: 30 },
    deadLetters: { name: `${prefix}_dlq`.toUpperCase(), subjects: [`${prefix}-dlq.>`] },
  };
});

afterAll(async () => {
  for (const stream of [plan.events.name, plan.deadLetters.name])
    await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
});

describe('provisioning the JetStream streams', () => {
  it('creates both streams with the retention and reports them', async () => {
    const reports = await provisionStreams(jsm, plan);
    expect(reports).toEqual([
      {
        stream: plan.events.name,
        subjects: plan.events.subjects,
        messages: 0,
        maxAgeDays: 30,
        consumers: [],
      },
      expect.objectContaining({ stream: plan.deadLetters.name, subjects: plan.deadLetters.subjects }),
    ]);
    expect((await jsm.streams.info(plan.events.name)).config.max_age).toBe(30 * DAY_NS);
  });

  it('changes the retention in place, keeps the messages, and lists the consumers with what they have pending', async () => {
    const js = nc.jetstream();
    await js.publish(`${plan.events.subjects[0].slice(0, -1)}x.y.v1`, new TextEncoder().encode('{}'));
    await jsm.consumers.add(plan.events.name, { durable_name: 'reader', ack_policy: 'explicit' as never });
    const [events] = await provisionStreams(jsm, { ...plan, events: { ...plan.events, retentionDays: 90 } });
    expect(events).toMatchObject({
      messages: 1,
      maxAgeDays: 90,
      consumers: [{ name: 'reader', pending: 1, ackPending: 0 }],
    });
  });

  it('keeps the retention when a service ensures the stream at start-up', async () => {
    await ensureEventStream(jsm, { name: plan.events.name, subjects: plan.events.subjects });
    expect((await jsm.streams.info(plan.events.name)).config.max_age).toBe(90 * DAY_NS);
  });
});
