#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@fai/config';
import { migrate, PgDatabase } from '@fai/event-store';
import { FaiPlatformModule } from '@fai/service-kit';
import { connect } from 'nats';
import { openApiDocument } from './api/openapi';
import { OPENAPI_FILE } from './api/openapi.controller';
import { GatewayStoreConfig } from './gateway.config';
import { gatewayService } from './index';
import { projectionDurable, resetReadModels } from './projections/projection-consumer';
import { READ_MODEL_MIGRATIONS } from './projections/read-model.migrations';

const USAGE = 'usage: gateway rebuild-projections | openapi';

/**
 * `rebuild-projections`: empties the gateway's read models and moves their generation; a running
 * gateway replays the event stream from its first message within a second, a stopped one when it
 * starts. `openapi`: writes the API document the code describes to services/gateway/openapi.json.
 * Settings as the service's (FAI_PG_URL, FAI_PG_SCHEMA, FAI_NATS_URL, FAI_EVENT_STREAM).
 */
async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === 'openapi') return writeOpenApi();
  if (command !== 'rebuild-projections') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(GatewayStoreConfig);
  const db = new PgDatabase({ connectionString: config.FAI_PG_URL, max: 2 });
  try {
    await migrate(db, config.FAI_PG_SCHEMA, READ_MODEL_MIGRATIONS);
    const generation = await resetReadModels(db, config.FAI_PG_SCHEMA);
    await deleteDurable(config, projectionDurable(generation - 1));
    console.log(JSON.stringify({ command, generation, outcome: 'reset' }));
    return 0;
  } finally {
    await db.close();
  }
}

/** A stopped gateway starts on the new generation and would never remove the old durable itself. */
async function deleteDurable(config: GatewayStoreConfig, durable: string): Promise<void> {
  const nc = await connect({ servers: config.FAI_NATS_URL, name: 'gateway-cli' });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.delete(config.FAI_EVENT_STREAM, durable).catch(() => false);
  } finally {
    await nc.close();
  }
}

async function writeOpenApi(): Promise<number> {
  // Preview: the module graph without instantiating providers, so no server is needed.
  const app = await NestFactory.create(FaiPlatformModule.forService(gatewayService), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(JSON.stringify({ command: 'openapi', file: OPENAPI_FILE }));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
