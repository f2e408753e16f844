import { ServiceMetrics } from './service-metrics';

/** The value of the exposition line for `name` whose labels are exactly `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const lineLabels = Object.fromEntries(
      [...match[2].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    );
    if (JSON.stringify(Object.entries(lineLabels).sort()) === JSON.stringify(Object.entries(labels).sort())) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('ServiceMetrics', () => {
  it('exposes the FAI metrics and the default process metrics, labelled with the service', async () => {
    const metrics = new ServiceMetrics('validation');
    metrics.relayLag.set({ relay: 'outbox' }, 7);
    metrics.consumerLag.set({ consumer: 'extraction' }, 3);
    metrics.redeliveries.inc({ consumer: 'extraction' });
    metrics.deadLetters.inc({ consumer: 'extraction' }, 2);
    metrics.appendSeconds.observe({ store: 'postgres' }, 0.004);
    metrics.handlerSeconds.observe({ consumer: 'extraction' }, 0.2);
    metrics.httpSeconds.observe({ method: 'GET', route: '/cycles/:id', status: '200' }, 0.03);

    const text = await metrics.metricsText();
    const service = 'validation';

    expect(sample(text, 'fai_relay_lag_events', { relay: 'outbox', service })).toBe(7);
    expect(sample(text, 'fai_consumer_lag_messages', { consumer: 'extraction', service })).toBe(3);
    expect(sample(text, 'fai_consumer_redeliveries_total', { consumer: 'extraction', service })).toBe(1);
    expect(sample(text, 'fai_dead_letters_total', { consumer: 'extraction', service })).toBe(2);
    expect(
      sample(text, 'fai_event_append_seconds_bucket', { le: '0.0025', store: 'postgres', service }),
    ).toBe(0);
    expect(sample(text, 'fai_event_append_seconds_bucket', { le: '0.005', store: 'postgres', service })).toBe(
      1,
    );
    expect(sample(text, 'fai_consumer_handler_seconds_sum', { consumer: 'extraction', service })).toBe(0.2);
    expect(
      sample(text, 'fai_http_request_seconds_count', {
        method: 'GET',
        route: '/cycles/:id',
        status: '200',
        service,
      }),
    ).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="validation"\} /m);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('keeps each instance in its own registry', async () => {
    const first = new ServiceMetrics('first');
    const second = new ServiceMetrics('second');
    first.deadLetters.inc({ consumer: 'c' });

    expect(
      sample(await first.metricsText(), 'fai_dead_letters_total', { consumer: 'c', service: 'first' }),
    ).toBe(1);
    expect(await second.metricsText()).not.toContain('fai_dead_letters_total{');
  });
});
