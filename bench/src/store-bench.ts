import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, type NewEvent } from '@fai/event-store';
import { createTestSchema, PG_URL } from '@fai/testing';
import type { Figure } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
/**
 * FAI and pgbench take turns in this many slices of each phase, so a machine whose load drifts
 * (other work on a shared box) weighs on both sides alike.
 */
const SLICES = 3;
const SLICE_SECONDS = Math.max(1, Math.round(SECONDS / SLICES));

const sampleData = {
  portfolioId: 'pf-1',
  period: '2026-10',
  fundId: 'fund-1',
  value: '1234567.89',
  unit: 'USD',
};
const sampleMetadata = { correlationId: randomUUID(), actor: 'bench', cycleId: 'cycle-1' };

function newEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'BenchHappened',
    schemaVersion: 1,
    data: sampleData,
    metadata: sampleMetadata,
  };
}

/** Appends from `writers` concurrent loops, each to its own stream, for one slice; returns events/s. */
async function appendRate(store: PostgresEventStore, writers: number, batch: number): Promise<number> {
  const until = Date.now() + SLICE_SECONDS * 1000;
  let events = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const stream = `bench-${randomUUID()}`;
      let version: number | 'no_stream' = 'no_stream';
      while (Date.now() < until) {
        const result = await store.append(stream, Array.from({ length: batch }, newEvent), {
          expectedVersion: version,
        });
        version = result.nextExpectedVersion;
        events += batch;
      }
    }),
  );
  return events / SLICE_SECONDS;
}

/**
 * The raw ceiling: pgbench inserting the same row shape into an equivalent table (identity
 * position, xid8 default, unique event id and (stream, version), jsonb), one transaction each.
 */
function pgbenchRate(schema: string, clients: number, batch: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'fai-pgbench-'));
  const script = join(dir, 'insert.sql');
  const data = JSON.stringify(sampleData).replaceAll("'", "''");
  const metadata = JSON.stringify(sampleMetadata).replaceAll("'", "''");
  writeFileSync(
    script,
    `INSERT INTO "${schema}".raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, recorded_at, prev_hash, hash)
     SELECT 'raw-' || :client_id, nextval('"${schema}".raw_version'), gen_random_uuid(), 'BenchHappened', 1,
            '${data}'::jsonb, '${metadata}'::jsonb, now(), '', md5(random()::text)
     FROM generate_series(1, ${batch});\n`,
  );
  const output = execFileSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(SLICE_SECONDS),
      '-f',
      script,
      PG_URL,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  return tps * batch;
}

export async function storeBench(): Promise<Figure[]> {
  const test = await createTestSchema('bench', 16);
  try {
    const store = new PostgresEventStore(test.db, { schema: test.schema });
    await store.migrate();
    await test.db.query(
      `CREATE TABLE "${test.schema}".raw_events (LIKE "${test.schema}".events INCLUDING ALL)`,
    );
    await test.db.query(`CREATE SEQUENCE "${test.schema}".raw_version`);
    // The copy keeps the append-only triggers' absence and all indexes and defaults.
    const figures: Figure[] = [];
    for (const [writers, batch, target] of [
      [1, 1, undefined],
      [8, 1, 0.6],
      [8, 100, 0.5],
    ] as const) {
      let fai = 0;
      let raw = 0;
      for (let slice = 0; slice < SLICES; slice++) {
        fai += (await appendRate(store, writers, batch)) / SLICES;
        raw += pgbenchRate(test.schema, writers, batch) / SLICES;
      }
      figures.push({
        name: `appends, ${writers} writer${writers > 1 ? 's' : ''}, ${batch} event${batch > 1 ? 's' : ''}/tx`,
        value: fai,
        unit: 'events/s',
        raw,
        target,
      });
    }
    return figures;
  } finally {
    await test.drop();
  }
}
