import { setTimeout as sleep } from 'node:timers/promises';
import { PgliteDatabase } from './pglite-database';

// PGlite is one session shared by everybody in the process: whoever holds it runs alone.
describe('PgliteDatabase session', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.query('CREATE TABLE entries (name text PRIMARY KEY)');
  });
  afterEach(() => db.query('TRUNCATE entries'));
  afterAll(() => db.close());

  const names = async () =>
    (await db.query<{ name: string }>('SELECT name FROM entries ORDER BY name')).rows.map((r) => r.name);

  it('runs a query issued during a transaction after it, not inside it', async () => {
    const rolledBack = db.transaction(async (tx) => {
      await tx.query('INSERT INTO entries VALUES ($1)', ['in-transaction']);
      await sleep(30);
      throw new Error('rolled back');
    });
    const alone = db.query('INSERT INTO entries VALUES ($1)', ['alone']);

    await expect(rolledBack).rejects.toThrow('rolled back');
    await alone;
    expect(await names()).toEqual(['alone']);
  });

  it('lets a session holder run BEGIN … ROLLBACK itself while everybody else waits', async () => {
    const order: string[] = [];
    const held = db.session(async (pglite) => {
      await pglite.exec("BEGIN; INSERT INTO entries VALUES ('held')");
      await sleep(30);
      await pglite.exec('ROLLBACK');
      order.push('session');
    });
    const committed = db.transaction(async (tx) => {
      await tx.query('INSERT INTO entries VALUES ($1)', ['committed']);
      order.push('transaction');
    });
    const read = names().then((seen) => order.push(`query saw ${seen.join(',')}`));

    await Promise.all([held, committed, read]);
    expect(order).toEqual(['session', 'transaction', 'query saw committed']);
  });

  it('delivers a NOTIFY sent inside a transaction after the commit, and stops on unlisten', async () => {
    const payloads: string[] = [];
    const unlisten = await db.listen('appended', (payload) => payloads.push(payload));
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_notify($1, $2)', ['appended', 'first']);
      await sleep(20);
      expect(payloads).toEqual([]);
    });
    await sleep(0);
    expect(payloads).toEqual(['first']);

    await db.notify('appended');
    await sleep(0);
    expect(payloads).toEqual(['first', '']);

    await unlisten();
    await db.notify('appended');
    await sleep(0);
    expect(payloads).toEqual(['first', '']);
  });

  it('listens and unlistens on any channel name, as PgDatabase does (a schema-qualified one here)', async () => {
    const payloads: string[] = [];
    const unlisten = await db.listen('gateway.portfolio', (payload) => payloads.push(payload));
    await db.query(`SELECT pg_notify('gateway.portfolio', 'pf-1')`);
    await sleep(0);
    await unlisten();
    await db.query(`SELECT pg_notify('gateway.portfolio', 'pf-2')`);
    await sleep(0);
    expect(payloads).toEqual(['pf-1']);
  });

  it('closes only after the session holder is done', async () => {
    const other = await PgliteDatabase.open();
    const steps: string[] = [];
    const work = other.session(async (pglite) => {
      await sleep(30);
      await pglite.query('SELECT 1');
      steps.push('work done');
    });
    const closed = other.close().then(() => steps.push('closed'));
    await Promise.all([work, closed]);
    expect(steps).toEqual(['work done', 'closed']);
  });
});
