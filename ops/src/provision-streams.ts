#!/usr/bin/env node
import { DEAD_LETTER_SUBJECT_PREFIX, EVENT_SUBJECT_PREFIX } from '@fai/contracts';
import { ensureDeadLetterStream, ensureEventStream } from '@fai/messaging';
import { connect, nanos, type JetStreamManager } from 'nats';
import { OpsConfigError } from './ops-errors';

/**
 * `node ops/dist/provision-streams.js`: creates or updates the JetStream streams of one deployment
 * (the k8s Job `fai-provision-streams`), then prints what they hold. Durable consumers are left to
 * the services, which create them at start-up from the configuration in their code.
 */
export interface StreamsPlan {
  natsUrl: string;
  events: { name: string; subjects: string[]; retentionDays: number };
  deadLetters: { name: string; subjects: string[] };
}

const DAY_MS = 24 * 3600 * 1000;

export function streamsPlanFromEnv(env: NodeJS.ProcessEnv): StreamsPlan {
  const retention = env.FAI_EVENT_RETENTION_DAYS ?? '';
  const retentionDays = Number(retention);
  if (!/^[1-9][0-9]*$/.test(retention)) {
    throw new OpsConfigError(
      'FAI_EVENT_RETENTION_DAYS',
      `must be a whole number of days, got '${retention}'`,
      'Set it in the fai-platform ConfigMap (k8s/overlays/<env>): how long JetStream keeps events for consumers to catch up.',
    );
  }
  return {
    natsUrl: env.FAI_NATS_URL || 'nats://127.0.0.1:4222',
    events: {
      name: env.FAI_EVENT_STREAM || 'FAI_EVENTS',
      subjects: (env.FAI_EVENT_STREAM_SUBJECTS || `${EVENT_SUBJECT_PREFIX}.>`).split(','),
      retentionDays,
    },
    deadLetters: {
      name: env.FAI_DLQ_STREAM || 'FAI_DLQ',
      subjects: (env.FAI_DLQ_STREAM_SUBJECTS || `${DEAD_LETTER_SUBJECT_PREFIX}.>`).split(','),
    },
  };
}

export interface StreamReport {
  stream: string;
  subjects: string[];
  messages: number;
  maxAgeDays: number;
  consumers: Array<{ name: string; pending: number; ackPending: number }>;
}

/**
 * Services ensure the same streams at start-up with subjects and duplicate window only, keeping
 * every other setting, so the retention set here survives their restarts.
 */
export async function provisionStreams(jsm: JetStreamManager, plan: StreamsPlan): Promise<StreamReport[]> {
  const events = await ensureEventStream(jsm, { name: plan.events.name, subjects: plan.events.subjects });
  const maxAge = nanos(plan.events.retentionDays * DAY_MS);
  if (events.config.max_age !== maxAge) {
    await jsm.streams.update(plan.events.name, { ...events.config, max_age: maxAge });
  }
  await ensureDeadLetterStream(jsm, plan.deadLetters.name, { subjects: plan.deadLetters.subjects });
  return Promise.all([plan.events.name, plan.deadLetters.name].map((stream) => streamReport(jsm, stream)));
}

async function streamReport(jsm: JetStreamManager, stream: string): Promise<StreamReport> {
  const info = await jsm.streams.info(stream);
  const consumers = await jsm.consumers.list(stream).next();
  return {
    stream,
    subjects: info.config.subjects,
    messages: info.state.messages,
    maxAgeDays: info.config.max_age / nanos(DAY_MS),
    consumers: consumers.map((consumer) => ({
      name: consumer.name,
      pending: consumer.num_pending,
      ackPending: consumer.num_ack_pending,
    })),
  };
}

async function main(): Promise<void> {
  const plan = streamsPlanFromEnv(process.env);
  const nc = await connect({ servers: plan.natsUrl, name: 'fai-provision-streams' });
  try {
    const reports = await provisionStreams(await nc.jetstreamManager(), plan);
    for (const report of reports) console.log(JSON.stringify(report));
  } finally {
    await nc.drain();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(
      JSON.stringify(error instanceof OpsConfigError ? error.toBody() : { message: String(error) }),
    );
    process.exitCode = 1;
  });
}
