import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { dataSchemaUri, type CloudEvent } from '@fai/contracts';
import { ident, PgDatabase } from '@fai/event-store';
import { JetStreamPublisher, toBusMessage } from '@fai/messaging';
import { FaiPlatformModule } from '@fai/service-kit';
import { eventually, NATS_URL, PG_URL, uniqueName } from '@fai/testing';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { connect, type NatsConnection } from 'nats';
import { gatewayService } from '../src/index';
import type { Role } from '../src/security/roles';

/**
 * A gateway in this process on the real PostgreSQL and NATS, trusting a test identity provider (a
 * JWKS served over HTTP here), with its own schema, event stream (`<prefix>.>`) and command subject
 * prefix. Events reach its projections the way a relay publishes them, on the test's own subjects.
 */
export interface GatewayWorld {
  prefix: string;
  schema: string;
  commandPrefix: string;
  env: NodeJS.ProcessEnv;
  url: string;
  app: INestApplication;
  db: PgDatabase;
  nc: NatsConnection;
  token(claims: {
    subject: string;
    roles: readonly Role[];
    tenantId: string;
    portfolios: readonly string[];
  }): Promise<string>;
  publish(name: string, data: Record<string, unknown>, envelope?: Partial<CloudEvent>): Promise<string>;
  close(): Promise<void>;
}

/** How long a gateway test waits for an effect (a projection, an audit entry) to show. */
export const WAIT_MS = 20_000;

const ISSUER = 'https://idp.test';
const AUDIENCE = 'fai-api';

export async function startGatewayWorld(extraEnv: NodeJS.ProcessEnv = {}): Promise<GatewayWorld> {
  const prefix = uniqueName('gw');
  const schema = `${prefix}_gateway`;
  // Under a context of its own, so the gateway's own events (fai.<context>.…) have a stream that no other run shares.
  const context = prefix.replace(/_/g, '-');
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' }] };
  const idp = await listen(
    createServer((_, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(jwks));
    }),
  );
  const env: NodeJS.ProcessEnv = {
    FAI_PG_URL: PG_URL,
    FAI_NATS_URL: NATS_URL,
    FAI_PG_SCHEMA: schema,
    FAI_EVENT_STREAM: `${prefix}_events`.toUpperCase(),
    FAI_EVENT_STREAM_SUBJECTS: `${prefix}.>,fai.${context}.>`,
    FAI_DLQ_STREAM: `${prefix}_dlq`.toUpperCase(),
    FAI_DLQ_STREAM_SUBJECTS: `fai-dlq.gateway-projections-g1.${prefix}.>`,
    FAI_OIDC_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`,
    FAI_OIDC_ISSUER: ISSUER,
    FAI_OIDC_AUDIENCE: AUDIENCE,
    FAI_COMMAND_SUBJECT_PREFIX: `${prefix.replace(/_/g, '-')}-cmd`,
    // Nobody listens there: uploads and downloads in scope reach the upstream call and fail with 503.
    FAI_INGEST_URL: 'http://127.0.0.1:9',
    FAI_OUTPUT_DIR: join(tmpdir(), `${prefix}-outputs`),
    FAI_LOG_LEVEL: 'error',
    FAI_SHUTDOWN_GRACE_MS: '5000',
    ...extraEnv,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [FaiPlatformModule.forService({ ...gatewayService, service: context }, { env })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await eventually(
    'gateway ready',
    async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined),
    30_000,
  );
  const db = new PgDatabase({ connectionString: PG_URL, max: 2 });
  const nc = await connect({ servers: NATS_URL });
  const publisher = new JetStreamPublisher(nc.jetstream());
  return {
    prefix,
    schema,
    commandPrefix: env.FAI_COMMAND_SUBJECT_PREFIX!,
    env,
    url,
    app,
    db,
    nc,
    token: (claims) => signToken(privateKey, claims),
    async publish(name, data, envelope = {}) {
      const id = randomUUID();
      const type = `${prefix}.test.${name}.v1`;
      const event: CloudEvent = {
        specversion: '1.0',
        id,
        source: 'fai/test',
        type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        dataschema: dataSchemaUri(type),
        correlationid: id,
        ...envelope,
        data,
      };
      await publisher.publish([toBusMessage(event, name, 1)]);
      return id;
    },
    async close() {
      await app.close();
      await new Promise((resolve) => idp.close(resolve));
      await rm(env.FAI_OUTPUT_DIR!, { recursive: true, force: true });
      await db.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
      await db.close();
      const jsm = await nc.jetstreamManager();
      for (const stream of [env.FAI_EVENT_STREAM!, env.FAI_DLQ_STREAM!])
        await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
    },
  };
}

function signToken(
  key: KeyLike,
  claims: { subject: string; roles: readonly Role[]; tenantId: string; portfolios: readonly string[] },
): Promise<string> {
  return new SignJWT({
    fai_roles: [...claims.roles],
    fai_tenant: claims.tenantId,
    fai_portfolios: [...claims.portfolios],
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A read-model document by id, once the projections have it. */
export function projected(
  world: GatewayWorld,
  table: string,
  id: string,
  accept: (doc: Record<string, unknown>) => boolean = () => true,
) {
  return eventually(
    `${table} ${id} projected`,
    async () => {
      const { rows } = await world.db.query<{ doc: Record<string, unknown> }>(
        `SELECT doc FROM ${ident(world.schema)}.${ident(table)} WHERE id = $1`,
        [id],
      );
      return rows[0] && accept(rows[0].doc) ? rows[0].doc : undefined;
    },
    WAIT_MS,
  );
}
