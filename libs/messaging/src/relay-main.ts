import { eventTypeName, FaiError } from '@fai/contracts';
import { PgDatabase, PostgresEventStore } from '@fai/event-store';
import { createLogger } from '@fai/observability';
import { connect } from 'nats';
import { ensureEventStream, JetStreamPublisher } from './jetstream-streams';
import { NATS_CONNECTION_DEFAULTS } from './nats-connection';
import { EventRelay } from './relay';
import { PgAdvisoryLeaderLock } from './relay-leader-lock';

/**
 * One relay as a process of its own: `node libs/messaging/dist/relay-main.js`, configured by
 * environment (names shared with the services' BaseConfig). SIGTERM / SIGINT stop it gracefully.
 * `node libs/messaging/dist/relay-main.js republish <from> <to>` publishes the already relayed
 * events with global positions in [from, to] again and exits (after JetStream lost its tail).
 */
export interface RelayProcessConfig {
  pgUrl: string;
  schema: string;
  natsUrl: string;
  /** The bounded context whose store this relay publishes: types are `fai.<context>.<event>.v<N>`. */
  context: string;
  name: string;
  /** When set, the stream is provisioned (idempotently) before relaying. */
  streamName?: string;
  streamSubjects: string[];
  batchSize?: number;
  pollIntervalMs?: number;
  standbyRetryMs?: number;
}

export class RelayConfigError extends FaiError {
  constructor(key: string, problem: string) {
    super({
      code: 'RELAY_CONFIG_INVALID',
      message: `${key} ${problem}`,
      hint: `Set ${key} in the relay's environment and start it again.`,
      details: { key },
    });
  }
}

export function relayConfigFromEnv(env: NodeJS.ProcessEnv): RelayProcessConfig {
  const context = env.FAI_SERVICE_CONTEXT;
  if (!context) throw new RelayConfigError('FAI_SERVICE_CONTEXT', 'is required (e.g. ingest)');
  return {
    pgUrl: env.FAI_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
    schema: env.FAI_PG_SCHEMA || context,
    natsUrl: env.FAI_NATS_URL || 'nats://127.0.0.1:4222',
    context,
    name: env.FAI_RELAY_NAME || context,
    streamName: env.FAI_EVENT_STREAM || undefined,
    streamSubjects: (env.FAI_EVENT_STREAM_SUBJECTS || 'fai.>').split(','),
    batchSize: optionalNumber(env, 'FAI_RELAY_BATCH_SIZE'),
    pollIntervalMs: optionalNumber(env, 'FAI_RELAY_POLL_INTERVAL_MS'),
    standbyRetryMs: optionalNumber(env, 'FAI_RELAY_STANDBY_RETRY_MS'),
  };
}

function optionalNumber(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new RelayConfigError(key, `must be a positive integer, got ${raw}`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const config = relayConfigFromEnv(process.env);
  const logger = createLogger('relay');
  const db = new PgDatabase({ connectionString: config.pgUrl, max: 3 });
  const nc = await connect({
    ...NATS_CONNECTION_DEFAULTS,
    servers: config.natsUrl,
    name: `relay-${config.name}`,
  });
  if (config.streamName) {
    await ensureEventStream(await nc.jetstreamManager(), {
      name: config.streamName,
      subjects: config.streamSubjects,
    });
  }
  const relay = new EventRelay({
    name: config.name,
    schema: config.schema,
    db,
    store: new PostgresEventStore(db, { schema: config.schema }),
    bus: new JetStreamPublisher(nc.jetstream()),
    lock: new PgAdvisoryLeaderLock(
      { connectionString: config.pgUrl },
      `${config.schema}:relay:${config.name}`,
    ),
    resolveType: (name, version) => eventTypeName(config.context, name, version),
    source: `fai/${config.context}`,
    batchSize: config.batchSize,
    pollIntervalMs: config.pollIntervalMs,
    standbyRetryMs: config.standbyRetryMs,
    logger,
  });
  if (argv[0] === 'republish') {
    const [from, to] = argv.slice(1, 3).map((position) => BigInt(position));
    const published = await relay.republish(from, to);
    logger.info('range republished', { relay: config.name, from: String(from), to: String(to), published });
    await nc.drain();
    await db.close();
    return;
  }
  await relay.start();
  logger.info('relay started', { relay: config.name, schema: config.schema });
  const shutdown = async () => {
    await relay.stop();
    await nc.drain();
    await db.close();
    logger.info('relay stopped', { relay: config.name });
  };
  const onSignal = () =>
    shutdown().catch((error: unknown) => {
      logger.error('relay did not stop cleanly', { relay: config.name, error });
      process.exitCode = 1;
    });
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    createLogger('relay').error('relay failed to start', { error });
    // Connections opened before the failure would keep the process alive: leave now.
    process.exit(1);
  });
}
