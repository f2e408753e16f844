import { ensureEventStream } from '@fai/messaging';
import { NATS_URL, uniqueName } from '@fai/testing';
import { connect, type NatsConnection } from 'nats';
import { startEventMetricsExporter, type EventMetricsExporter } from '../../ops/src/event-metrics-main';

const prefix = uniqueName('evm');
const stream = `${prefix}_events`.toUpperCase();
let nc: NatsConnection;
let exporter: EventMetricsExporter;

async function publish(name: string, time: string, data: Record<string, unknown>): Promise<void> {
  const type = `${prefix}.platform.${name}.v1`;
  const cloudEvent = {
    specversion: '1.0',
    id: uniqueName('e'),
    source: 'test',
    type,
    subject: type,
    time,
    data,
  };
  await nc.jetstream().publish(type, new TextEncoder().encode(JSON.stringify(cloudEvent)));
}

async function metricsText(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${exporter.port}/metrics`)).text();
}

async function eventually(check: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await metricsText();
    if (check(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return text;
}

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  await ensureEventStream(await nc.jetstreamManager(), { name: stream, subjects: [`${prefix}.>`] });
  // Published before the exporter starts: it reads the whole stream, so this one counts too.
  await publish('operator-alert-raised', '2026-11-02T09:00:00Z', {
    alertId: 'before',
    kind: 'cycle_failed',
    severity: 'critical',
  });
  exporter = await startEventMetricsExporter({ natsUrl: NATS_URL, stream, port: 0 });
});

afterAll(async () => {
  await exporter?.stop();
  await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
  await nc.close();
});

describe('event-metrics exporter', () => {
  it('answers its health probes', async () => {
    expect((await fetch(`http://127.0.0.1:${exporter.port}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${exporter.port}/health/ready`)).status).toBe(200);
  });

  it('turns operator alerts on the stream into counters and acknowledgement latency', async () => {
    await publish('operator-alert-raised', '2026-11-02T10:00:00Z', {
      alertId: 'a1',
      kind: 'dead_letter',
      severity: 'critical',
    });
    await publish('operator-alert-acknowledged', '2026-11-02T10:05:00Z', { alertId: 'a1', actor: 'ops' });
    const text = await eventually((current) => /^fai_operator_alert_ack_seconds_count\{/m.test(current));
    expect(text).toMatch(
      /^fai_operator_alerts_raised_total\{kind="dead_letter",severity="critical",service="event-metrics"\} 1$/m,
    );
    expect(text).toMatch(
      /^fai_operator_alerts_acknowledged_total\{kind="dead_letter",service="event-metrics"\} 1$/m,
    );
    expect(text).toMatch(
      /^fai_operator_alert_ack_seconds_sum\{service="event-metrics",kind="dead_letter"\} 300$/m,
    );
    expect(text).toMatch(
      /^fai_operator_alerts_raised_total\{kind="cycle_failed",severity="critical",service="event-metrics"\} 1$/m,
    );
  });

  it('keeps its totals across a restart and adds what comes after', async () => {
    const raised =
      /^fai_operator_alerts_raised_total\{kind="dead_letter",severity="critical",service="event-metrics"\} (\d+)$/m;
    const before = Number(raised.exec(await eventually((current) => raised.test(current)))![1]);
    await exporter.stop();
    exporter = await startEventMetricsExporter({ natsUrl: NATS_URL, stream, port: 0 });
    const replayed = await eventually((current) => raised.test(current));
    expect(Number(raised.exec(replayed)![1])).toBe(before);
    expect(replayed).toMatch(
      /^fai_operator_alerts_raised_total\{kind="cycle_failed",severity="critical",service="event-metrics"\} 1$/m,
    );

    await publish('operator-alert-raised', '2026-11-03T10:00:00Z', {
      alertId: 'a2',
      kind: 'dead_letter',
      severity: 'critical',
    });
    const after = await eventually((current) => Number(raised.exec(current)?.[1]) === before + 1);
    expect(Number(raised.exec(after)![1])).toBe(before + 1);
  });
});
