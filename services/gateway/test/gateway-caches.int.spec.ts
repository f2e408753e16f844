import { portfolioRegisteredV1 } from '@fai/contracts';
import { ident, migrate, PgDatabase } from '@fai/event-store';
import { createTestSchema, eventually, PG_URL, type TestSchema } from '@fai/testing';
import { createLogger, transports } from 'winston';
import type { AuditEntry } from '../src/audit/audit-log.middleware';
import { AuditLog } from '../src/audit/audit-log';
import type { GatewayConfig } from '../src/gateway.config';
import { portfolioProjection } from '../src/portfolios/portfolio.projection';
import { applyToReadModels } from '../src/projections/document-store';
import { exampleEvent } from '../src/projections/projection-fixture';
import { resetReadModels } from '../src/projections/projection-consumer';
import { READ_MODEL_MIGRATIONS } from '../src/projections/read-model.migrations';
import { announcePortfolioChange, PortfolioTenants } from '../src/security/portfolio-tenants';
import { WAIT_MS } from './gateway-world';

const logger = createLogger({ silent: true, transports: [new transports.Console()] });

let store: TestSchema;

beforeAll(async () => {
  store = await createTestSchema('gw_caches');
  await migrate(store.db, store.schema, READ_MODEL_MIGRATIONS);
});

afterAll(() => store.drop());

function config(audit: { flushMs: number; batchRows: number }): GatewayConfig {
  return {
    FAI_PG_SCHEMA: store.schema,
    FAI_AUDIT_FLUSH_MS: audit.flushMs,
    FAI_AUDIT_BATCH_ROWS: audit.batchRows,
  } as GatewayConfig;
}

describe('the buffered audit log (real PostgreSQL)', () => {
  function entry(requestId: string, method = 'GET'): AuditEntry {
    return {
      requestId,
      actor: 'user-1',
      tenantId: 't-1',
      roles: ['reviewer'],
      method,
      path: '/api/v1/exceptions',
      endpoint: method === 'GET' ? 'exceptions.list' : 'exceptions.act',
      status: 200,
      outcome: 'allowed',
      portfolioId: 'pf-1',
      errorCode: null,
    };
  }

  async function rowsOf(prefix: string) {
    const { rows } = await store.db.query<{ request_id: string; at: Date; roles: string[] }>(
      `SELECT request_id, at, roles FROM ${ident(store.schema)}.audit_entry WHERE request_id LIKE $1 ORDER BY seq`,
      [`${prefix}-%`],
    );
    return rows;
  }

  it('writes read entries together after the flush interval, each at its request’s time', async () => {
    const audit = new AuditLog(store.db, config({ flushMs: 300, batchRows: 100 }), logger);
    const finished = [new Date('2026-11-04T10:00:00.001Z'), new Date('2026-11-04T10:00:00.002Z')];
    audit.record(entry('interval-1'), finished[0]);
    audit.record(entry('interval-2'), finished[1]);
    expect(await rowsOf('interval')).toEqual([]);
    const rows = await eventually(
      'the batch',
      async () => {
        const written = await rowsOf('interval');
        return written.length === 2 ? written : undefined;
      },
      WAIT_MS,
    );
    expect(rows).toEqual([
      { request_id: 'interval-1', at: finished[0], roles: ['reviewer'] },
      { request_id: 'interval-2', at: finished[1], roles: ['reviewer'] },
    ]);
  });

  it('writes a full batch at once, and what is left when closed', async () => {
    const audit = new AuditLog(store.db, config({ flushMs: 60_000, batchRows: 2 }), logger);
    for (const n of [1, 2, 3]) audit.record(entry(`batch-${n}`));
    await eventually(
      'the full batch',
      async () => ((await rowsOf('batch')).length === 2 ? true : undefined),
      WAIT_MS,
    );
    expect((await rowsOf('batch')).map((row) => row.request_id)).toEqual(['batch-1', 'batch-2']);
    await audit.close();
    expect((await rowsOf('batch')).map((row) => row.request_id)).toEqual(['batch-1', 'batch-2', 'batch-3']);
  });

  it('writes a command’s entry at once, after the reads that finished before it', async () => {
    const audit = new AuditLog(store.db, config({ flushMs: 60_000, batchRows: 100 }), logger);
    audit.record(entry('command-1'));
    audit.record(entry('command-2', 'POST'));
    const rows = await eventually(
      'the command entry',
      async () => {
        const written = await rowsOf('command');
        return written.length === 2 ? written : undefined;
      },
      WAIT_MS,
    );
    expect(rows.map((row) => row.request_id)).toEqual(['command-1', 'command-2']);
    await audit.close();
  });
});

describe('the portfolio → tenant scope cache (real PostgreSQL)', () => {
  const table = () => `${ident(store.schema)}.portfolio`;

  async function register(portfolioId: string, tenantId: string): Promise<void> {
    await store.db.transaction((tx) =>
      applyToReadModels(
        tx,
        store.schema,
        [portfolioProjection],
        exampleEvent(portfolioRegisteredV1, { portfolioId, tenantId }),
      ),
    );
  }

  /** A change of the row the cache keeps, as the projection consumer commits it. */
  async function retenant(portfolioId: string, tenantId: string, announce: boolean): Promise<void> {
    await store.db.transaction(async (tx) => {
      await tx.query(`UPDATE ${table()} SET tenant_id = $2 WHERE id = $1`, [portfolioId, tenantId]);
      if (announce) await announcePortfolioChange(tx, store.schema, portfolioId);
    });
  }

  it('keeps a portfolio’s tenant until a change of it is announced, on every replica', async () => {
    const otherPool = new PgDatabase({ connectionString: PG_URL, max: 2 });
    const replicas = [
      new PortfolioTenants(store.db, config({ flushMs: 1, batchRows: 1 })),
      new PortfolioTenants(otherPool, config({ flushMs: 1, batchRows: 1 })),
    ];
    try {
      for (const replica of replicas) await replica.start();
      await register('pf-kept', 't-1');
      for (const replica of replicas) expect(await replica.tenantOf('pf-kept')).toBe('t-1');
      await retenant('pf-kept', 't-2', false);
      // Unannounced, the kept fact stands: the read model was not asked again.
      for (const replica of replicas) expect(await replica.tenantOf('pf-kept')).toBe('t-1');
      await retenant('pf-kept', 't-3', true);
      for (const replica of replicas)
        await eventually(
          'the change heard',
          async () => ((await replica.tenantOf('pf-kept')) === 't-3' ? true : undefined),
          WAIT_MS,
        );
    } finally {
      for (const replica of replicas) await replica.stop();
      await otherPool.close();
    }
  });

  it('sees a new portfolio at once and forgets every portfolio on a rebuild', async () => {
    const tenants = new PortfolioTenants(store.db, config({ flushMs: 1, batchRows: 1 }));
    await tenants.start();
    try {
      expect(await tenants.tenantOf('pf-late')).toBeUndefined();
      await register('pf-late', 't-1');
      expect(await tenants.tenantOf('pf-late')).toBe('t-1');
      await resetReadModels(store.db, store.schema);
      await eventually(
        'the rebuild heard',
        async () => ((await tenants.tenantOf('pf-late')) === undefined ? true : undefined),
        WAIT_MS,
      );
    } finally {
      await tenants.stop();
    }
  });

  it('reads the read model every time while not listening', async () => {
    const tenants = new PortfolioTenants(store.db, config({ flushMs: 1, batchRows: 1 }));
    await register('pf-unheard', 't-1');
    expect(await tenants.tenantOf('pf-unheard')).toBe('t-1');
    await retenant('pf-unheard', 't-2', false);
    expect(await tenants.tenantOf('pf-unheard')).toBe('t-2');
  });
});
