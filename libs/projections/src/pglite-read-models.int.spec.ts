import { setTimeout as sleep } from 'node:timers/promises';
import { ident, PgliteDatabase } from '@fai/event-store';
import { createTestSchema, PG_URL, uniqueName } from '@fai/testing';
import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import { readModelDataSource } from './read-model-data-source';

@Entity({ name: 'holding' })
class Holding {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'fund_id', type: 'uuid' }) fundId!: string;
  @Column({ type: 'bigint' }) quantity!: string;
  @Column({ type: 'numeric' }) weight!: string;
  @Column({ name: 'as_of', type: 'timestamptz' }) asOf!: Date;
  @Column({ type: 'jsonb' }) doc!: { isin: string; lots: number[] };
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'text', array: true }) tags!: string[];
  @Column({ type: 'int' }) rank!: number;
}

const HOLDING_TABLE = (schema: string) => `
  CREATE TABLE ${ident(schema)}.holding (
    id text PRIMARY KEY, fund_id uuid NOT NULL, quantity bigint NOT NULL, weight numeric NOT NULL,
    as_of timestamptz NOT NULL, doc jsonb NOT NULL, active boolean NOT NULL, tags text[] NOT NULL,
    rank int NOT NULL);
  CREATE TABLE ${ident(schema)}.counter (name text PRIMARY KEY, n int NOT NULL);
  INSERT INTO ${ident(schema)}.counter VALUES ('turns', 0);`;

const INSERT_ROW = (table: string) =>
  `INSERT INTO ${table} SELECT * FROM jsonb_populate_record(NULL::${table}, $1)`;

const holdings: Holding[] = [1, 2, 3].map((i) =>
  Object.assign(new Holding(), {
    id: `h${i}`,
    fundId: `00000000-0000-4000-8000-00000000000${i}`,
    quantity: (2n ** 53n + BigInt(i)).toString(),
    weight: `0.${i}2500`,
    asOf: new Date(Date.UTC(2025, 2, 31, 12, 30, 15, 250 + i)),
    doc: { isin: `LU000000000${i}`, lots: [i, i * 10] },
    active: i % 2 === 1,
    tags: ['equity', `t${i}`],
    rank: 10 - i,
  }),
);

describe('TypeORM read models on PGlite', () => {
  let db: PgliteDatabase;
  let schema: string;
  let dataSource: DataSource;
  let table: string;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    schema = uniqueName('read_models');
    await db.query(`CREATE SCHEMA ${ident(schema)}; ${HOLDING_TABLE(schema)}`);
    dataSource = readModelDataSource({ database: db, schema, entities: [Holding] });
    await dataSource.initialize();
    table = `${ident(schema)}.holding`;
  });

  afterEach(() => db.query(`TRUNCATE ${table}; UPDATE ${ident(schema)}.counter SET n = 0`));

  afterAll(async () => {
    await dataSource.destroy();
    await db.query(`DROP SCHEMA ${ident(schema)} CASCADE`);
    await db.close();
  });

  it('saves and finds entities, with every column type as pg gives it', async () => {
    await dataSource.getRepository(Holding).save(holdings);

    const found = await dataSource.getRepository(Holding).findOneByOrFail({ id: 'h2' });
    expect(found).toEqual(holdings[1]);
    expect(found.quantity).toBe('9007199254740994');
    expect(found.weight).toBe('0.22500');
    expect(found.asOf).toBeInstanceOf(Date);
    expect(found.asOf.toISOString()).toBe('2025-03-31T12:30:15.252Z');

    const page = await dataSource
      .getRepository(Holding)
      .createQueryBuilder('h')
      .where('h.active = :active', { active: true })
      .andWhere("h.doc->>'isin' LIKE :prefix", { prefix: 'LU%' })
      .orderBy('h.rank', 'ASC')
      .limit(1)
      .getMany();
    expect(page.map((h) => h.id)).toEqual(['h3']);

    const [raw] = await dataSource.query(
      `SELECT count(*) AS n, sum(weight) AS total, max(as_of) AS latest, 1::int4 AS one FROM ${table}`,
    );
    expect(raw).toEqual({ n: '3', total: '0.67500', latest: holdings[2].asOf, one: 1 });
  });

  it('reads back exactly what pg reads from a PostgreSQL server', async () => {
    const server = await createTestSchema('read_models');
    const onServer = readModelDataSource({
      url: PG_URL,
      database: server.db,
      schema: server.schema,
      entities: [Holding],
      poolSize: 1,
    });
    try {
      await server.db.query(HOLDING_TABLE(server.schema));
      await onServer.initialize();
      const sources = [dataSource, onServer];
      for (const source of sources) await source.getRepository(Holding).save(holdings);

      const [embedded, real] = await Promise.all(
        sources.map(async (source) => ({
          entities: await source.getRepository(Holding).find({ order: { id: 'ASC' } }),
          rows: await source.query(
            `SELECT *, quantity * 2 AS doubled FROM ${source.getMetadata(Holding).tablePath} ORDER BY id`,
          ),
        })),
      );
      expect(embedded).toEqual(real);
      expect(embedded.rows[0].doubled).toBe('18014398509481986');
    } finally {
      if (onServer.isInitialized) await onServer.destroy();
      await server.drop();
    }
  });

  it('rolls a transaction back when its work throws', async () => {
    const failure = new Error('projection failed');
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.save(holdings[0]);
        expect(await manager.count(Holding)).toBe(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await dataSource.getRepository(Holding).count()).toBe(0);
  });

  it('never interleaves a TypeORM transaction with the event store’s, in either order', async () => {
    const steps: string[] = [];
    // Each side inserts, yields for a while, then commits or rolls back. Sharing PGlite's one session
    // without exclusion, one side's BEGIN/COMMIT/ROLLBACK would land inside the other's transaction.
    const outcomes = await Promise.allSettled([
      dataSource.transaction(async (manager) => {
        steps.push('typeorm begin');
        await manager.save(holdings[0]);
        await sleep(30);
        steps.push('typeorm end');
        throw new Error('typeorm rolls back');
      }),
      db.transaction(async (tx) => {
        steps.push('store begin');
        await tx.query(INSERT_ROW(table), [row(holdings[1])]);
        await sleep(30);
        steps.push('store end');
      }),
      dataSource.transaction(async (manager) => {
        steps.push('typeorm-2 begin');
        await manager.save(holdings[2]);
        await sleep(30);
        steps.push('typeorm-2 end');
      }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    const sessions = steps.map((step) => step.split(' ')[0]);
    for (let i = 0; i < sessions.length; i += 2) expect(sessions[i + 1]).toBe(sessions[i]);
    expect(new Set(sessions).size).toBe(3);
    const ids = await dataSource.getRepository(Holding).find({ order: { id: 'ASC' } });
    expect(ids.map((h) => h.id)).toEqual(['h2', 'h3']);
  });

  it('loses no update when many TypeORM and store transactions read-modify-write concurrently', async () => {
    const counter = `${ident(schema)}.counter`;
    const turn = async (query: (text: string, params?: unknown[]) => Promise<unknown>) => {
      const [{ n }] = (await query(`SELECT n FROM ${counter} WHERE name = 'turns'`)) as Array<{ n: number }>;
      await sleep(1);
      await query(`UPDATE ${counter} SET n = $1 WHERE name = 'turns'`, [n + 1]);
    };
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? dataSource.transaction((manager) => turn((text, params) => manager.query(text, params)))
          : db.transaction((tx) => turn(async (text, params) => (await tx.query(text, params)).rows)),
      ),
    );
    expect(await db.query(`SELECT n FROM ${counter}`)).toEqual({ rows: [{ n: 40 }] });
  });

  it('does not deadlock when one side awaits the other’s completion outside its own session', async () => {
    const appended = db.transaction(async (tx) => {
      await sleep(20);
      await tx.query(INSERT_ROW(table), [row(holdings[0])]);
    });
    // Started while the store holds the session; each waits for the other only between transactions.
    const projected = dataSource.transaction(async (manager) => {
      await manager.save(holdings[1]);
      return manager.count(Holding);
    });
    const followUp = appended.then(() => dataSource.getRepository(Holding).count());
    const afterProjection = projected.then(() =>
      db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`),
    );

    await expect(Promise.all([appended, projected, followUp, afterProjection])).resolves.toEqual([
      undefined,
      2,
      2,
      { rows: [{ n: '2' }] },
    ]);
  });

  it('delivers a NOTIFY sent inside a TypeORM transaction once it commits', async () => {
    const channel = uniqueName('wake');
    const payloads: string[] = [];
    const unlisten = await db.listen(channel, (payload) => payloads.push(payload));
    try {
      await dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_notify($1, $2)', [channel, 'appended']);
        await sleep(20);
        expect(payloads).toEqual([]);
      });
      await sleep(0);
      expect(payloads).toEqual(['appended']);
    } finally {
      await unlisten();
    }
  });
});

/** A holding as the JSON of its table row. */
function row(holding: Holding): Record<string, unknown> {
  return {
    id: holding.id,
    fund_id: holding.fundId,
    quantity: holding.quantity,
    weight: holding.weight,
    as_of: holding.asOf.toISOString(),
    doc: holding.doc,
    active: holding.active,
    tags: holding.tags,
    rank: holding.rank,
  };
}
