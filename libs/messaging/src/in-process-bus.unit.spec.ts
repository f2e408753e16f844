import type { BusMessage, ConsumerSpec, DeliveredMessage } from './event-bus';
import { InProcessBus } from './in-process-bus';
import { subjectMatches } from './subjects';

const text = (message: DeliveredMessage) => new TextDecoder().decode(message.data);

function msg(id: string, subject = 'fai.ingest.artefact-ingested.v1'): BusMessage {
  return {
    subject,
    id,
    headers: { 'Fai-Event-Name': 'ArtefactIngested' },
    data: new TextEncoder().encode(id),
  };
}

function spec(overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return { durableName: 'd', filterSubjects: ['fai.>'], maxDeliver: 3, ackWaitMs: 1_000, ...overrides };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('InProcessBus', () => {
  let bus: InProcessBus;
  afterEach(() => bus.close());

  it('delivers in publish order, only what the filters match, with id and headers', async () => {
    bus = new InProcessBus();
    const seen: DeliveredMessage[] = [];
    await bus.consume(spec({ filterSubjects: ['fai.ingest.>', 'fai.*.run-started.v1'] }), async (m) => {
      seen.push(m);
      m.ack();
    });
    await bus.publish([
      msg('1'),
      msg('2', 'fai.validation.exception-raised.v1'),
      msg('3', 'fai.scheduler.run-started.v1'),
    ]);
    await bus.publish([msg('4')]);
    await until(() => seen.length === 3);
    await settle();
    expect(seen.map(text)).toEqual(['1', '3', '4']);
    expect(seen[0]).toMatchObject({
      id: '1',
      deliveryCount: 1,
      headers: { 'Fai-Event-Name': 'ArtefactIngested' },
    });
  });

  it('stops waiting for a hung handler after the timeout given to stop', async () => {
    bus = new InProcessBus();
    let started = false;
    const handle = await bus.consume(spec(), () => {
      started = true;
      return new Promise<void>(() => undefined);
    });
    await bus.publish([msg('1')]);
    await until(() => started);
    const stopped = await Promise.race([
      handle.stop(20).then(() => 'stopped'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000)),
    ]);
    expect(stopped).toBe('stopped');
  });

  it('forgets a deleted durable: the same name later starts again from the first message', async () => {
    bus = new InProcessBus();
    const first: string[] = [];
    await bus.consume(spec(), async (m) => {
      first.push(text(m));
      m.ack();
    });
    await bus.publish([msg('1'), msg('2')]);
    await until(() => first.length === 2);
    await bus.deleteConsumer('d');
    await bus.publish([msg('3')]);
    await settle();
    expect(first).toEqual(['1', '2']);
    const again: string[] = [];
    await bus.consume(spec(), async (m) => {
      again.push(text(m));
      m.ack();
    });
    await until(() => again.length === 3);
    expect(again).toEqual(['1', '2', '3']);
  });

  it('drops a message whose id was accepted within the duplicate window, accepts it again after', async () => {
    let now = 0;
    bus = new InProcessBus({ duplicateWindowMs: 120_000, now: () => now });
    const seen: string[] = [];
    await bus.consume(spec(), async (m) => {
      seen.push(text(m));
      m.ack();
    });
    await bus.publish([msg('a'), msg('a'), msg('b')]);
    now = 119_999;
    await bus.publish([msg('a')]);
    now = 120_000;
    await bus.publish([msg('a')]);
    await until(() => seen.length === 3);
    await settle();
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('keeps a durable consumer position across stop and consume again', async () => {
    bus = new InProcessBus();
    const seen: string[] = [];
    const handler = async (m: DeliveredMessage) => {
      seen.push(text(m));
      m.ack();
    };
    const first = await bus.consume(spec(), handler);
    await bus.publish([msg('1'), msg('2')]);
    await until(() => seen.length === 2);
    await first.stop();
    await bus.publish([msg('3')]);
    await settle();
    expect(seen).toEqual(['1', '2']);
    await bus.consume(spec(), handler);
    await until(() => seen.length === 3);
    await settle();
    expect(seen).toEqual(['1', '2', '3']);
  });

  it('gives every durable all messages and spreads one durable over its subscribers', async () => {
    bus = new InProcessBus();
    const audit: string[] = [];
    const replicas: string[][] = [[], []];
    await bus.consume(spec({ durableName: 'audit' }), async (m) => {
      audit.push(text(m));
      m.ack();
    });
    for (const seen of replicas) {
      await bus.consume(spec({ durableName: 'work' }), async (m) => {
        seen.push(text(m));
        await new Promise((resolve) => setTimeout(resolve, 2));
        m.ack();
      });
    }
    const ids = Array.from({ length: 20 }, (_, i) => String(i));
    await bus.publish(ids.map((id) => msg(id)));
    await until(() => audit.length === 20 && replicas[0].length + replicas[1].length === 20);
    expect(audit).toEqual(ids);
    expect([...replicas[0], ...replicas[1]].sort()).toEqual([...ids].sort());
    expect(replicas[0].length).toBeGreaterThan(0);
    expect(replicas[1].length).toBeGreaterThan(0);
  });

  it('redelivers a nak after its delay with the delivery count raised', async () => {
    bus = new InProcessBus();
    const deliveries: Array<{ count: number; at: number }> = [];
    await bus.consume(spec(), async (m) => {
      deliveries.push({ count: m.deliveryCount, at: Date.now() });
      if (m.deliveryCount === 1) m.nak(50);
      else m.ack();
    });
    await bus.publish([msg('x')]);
    await until(() => deliveries.length === 2);
    await settle();
    expect(deliveries.map((d) => d.count)).toEqual([1, 2]);
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(45);
  });

  it('redelivers a message left unsettled once the ack wait is over', async () => {
    bus = new InProcessBus();
    const counts: number[] = [];
    await bus.consume(spec({ ackWaitMs: 30 }), async (m) => {
      counts.push(m.deliveryCount);
      if (m.deliveryCount === 2) m.ack();
    });
    await bus.publish([msg('x')]);
    await until(() => counts.length === 2);
    await settle();
    expect(counts).toEqual([1, 2]);
  });

  it('naks a throwing handler with its back-off and stops after max deliver', async () => {
    bus = new InProcessBus();
    const at: number[] = [];
    await bus.consume(spec({ maxDeliver: 3, backoffMs: [20, 60] }), async (m) => {
      at.push(Date.now());
      throw new Error(`failed attempt ${m.deliveryCount}`);
    });
    await bus.publish([msg('poison')]);
    await until(() => at.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(at).toHaveLength(3);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(15);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(55);
  });

  it('never redelivers a message the handler terminated', async () => {
    bus = new InProcessBus();
    const counts: number[] = [];
    await bus.consume(spec({ ackWaitMs: 20 }), async (m) => {
      counts.push(m.deliveryCount);
      m.term();
    });
    await bus.publish([msg('x')]);
    await until(() => counts.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(counts).toEqual([1]);
  });

  it('lets a consumer move a message to a dead-letter subject on its last delivery', async () => {
    bus = new InProcessBus();
    const deadLetters: DeliveredMessage[] = [];
    await bus.consume(spec({ durableName: 'dlq', filterSubjects: ['fai-dlq.>'] }), async (m) => {
      deadLetters.push(m);
      m.ack();
    });
    await bus.consume(spec({ durableName: 'validation', maxDeliver: 2 }), async (m) => {
      if (m.deliveryCount < 2) return m.nak();
      await bus.publish([{ ...m, subject: `fai-dlq.validation.${m.subject}`, id: `${m.id}:dlq` }]);
      m.term();
    });
    await bus.publish([msg('x')]);
    await until(() => deadLetters.length === 1);
    expect(deadLetters[0].subject).toBe('fai-dlq.validation.fai.ingest.artefact-ingested.v1');
    expect(text(deadLetters[0])).toBe('x');
  });

  it('hands a subscriber one message at a time, even when its handler publishes', async () => {
    bus = new InProcessBus();
    let inFlight = 0;
    let mostInFlight = 0;
    let handled = 0;
    await bus.consume(spec({ filterSubjects: ['fai.>'] }), async (m) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      if (handled < 5) await bus.publish([msg(`${text(m)}+`)]);
      await new Promise((resolve) => setTimeout(resolve, 2));
      handled += 1;
      inFlight -= 1;
      m.ack();
    });
    await bus.publish([msg('a'), msg('b')]);
    await until(() => handled === 7);
    expect(mostInFlight).toBe(1);
  });

  it('lets handlers in flight finish when a consumer stops', async () => {
    bus = new InProcessBus();
    let finished = false;
    const handle = await bus.consume(spec(), async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished = true;
      m.ack();
    });
    await bus.publish([msg('x')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await handle.stop();
    expect(finished).toBe(true);
  });
});

describe('subjectMatches', () => {
  it.each([
    ['fai.>', 'fai.ingest.artefact-ingested.v1', true],
    ['fai.>', 'fai', false],
    ['fai.*.artefact-ingested.v1', 'fai.ingest.artefact-ingested.v1', true],
    ['fai.*', 'fai.ingest.artefact-ingested.v1', false],
    ['fai.ingest.artefact-ingested.v1', 'fai.ingest.artefact-ingested.v1', true],
    ['fai.ingest.artefact-ingested.v1', 'fai.ingest.artefact-ingested.v2', false],
    ['fai-dlq.>', 'fai.ingest.x.v1', false],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});
