import { createHash } from 'node:crypto';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import {
  registerArtefactV1,
  setSourcePolicyV1,
  getRunInventoryV1,
  type AnyCommandContract,
  type IntakeReply,
  type RunInventory,
} from '@fai/contracts';
import { ident } from '@fai/event-store';
import { CommandClient } from '@fai/messaging';
import { commandSubjectIn } from '@fai/service-kit';
import { NATS_URL } from '@fai/testing';
import { factsheetPdf, hostile, navHistoryCsv, nportXml } from '../test/documents';
import { eventually, startIngest, until, type IngestHarness } from '../test/ingest-app.harness';
import { multipartBody, type FilePart } from '../test/multipart-body';
import {
  CYCLE,
  cycleOpened,
  expectedInventorySet,
  FUND_7,
  FUND_8,
  PORTFOLIO,
  portfolioRegistered,
  RUN,
  runMarkedIncomplete,
  runProceededAtCutOff,
  runStageStarted,
  runStarted,
} from '../test/scheduler-facts.fixture';
import { FilesystemArtefactStore } from '@fai/artefact-store';

const MAX_BYTES = 64 * 1024;
const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const expected = [
  { fundId: FUND_7.fundId, artefacts: [{ artefactType: 'nport', required: true }] },
  { fundId: FUND_8.fundId, artefacts: [{ artefactType: 'nav_history', required: true }] },
];

let h: IngestHarness;

beforeAll(async () => {
  h = await startIngest({ maxBytes: MAX_BYTES });
  for (const fact of [portfolioRegistered(), expectedInventorySet(expected), cycleOpened(), runStarted()])
    await h.publish(fact);
  await until(async () => (await fetch(`${h.url}/runs/${RUN}/inventory`)).ok, 'the run inventory');
});

afterAll(async () => {
  await h?.close();
});

interface Answer<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: T;
}

async function upload<T = IntakeReply>(
  fields: Record<string, string>,
  file: FilePart,
  headers: Record<string, string> = { 'x-fai-actor': 'user-42' },
): Promise<Answer<T>> {
  const { body, contentType } = multipartBody(fields, file);
  const response = await fetch(`${h.url}/artefacts`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, ...headers },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as T,
  };
}

async function contentFiles(): Promise<string[]> {
  const dirs = (await readdir(h.artefactDir)).filter((name) => /^[0-9a-f]{2}$/.test(name));
  return (await Promise.all(dirs.map((dir) => readdir(join(h.artefactDir, dir))))).flat().sort();
}

async function registryCount(): Promise<number> {
  const { rows } = await h.schema.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${ident(h.schema.schema)}.artefacts`,
  );
  return rows[0].n;
}

const nport = (content: string, fileName = 'nport-2026-10.xml') => ({
  fileName,
  contentType: 'application/xml',
  content,
});
const fund7 = { portfolioId: PORTFOLIO, fundId: FUND_7.fundId };
let first: IntakeReply;

describe('ingest over HTTP, on the filesystem store', () => {
  it('stores an upload, publishes ArtefactIngested and serves the bytes back, hash-checked', async () => {
    const xml = nportXml();
    const { status, body } = await upload(fund7, nport(xml));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      outcome: 'ingested',
      sha256: sha256(xml),
      version: 1,
      documentType: 'nport',
      fundId: FUND_7.fundId,
      period: '2026-10',
      mediaType: 'application/xml',
      size: Buffer.byteLength(xml),
      cycleId: CYCLE,
      runId: RUN,
    });
    first = body;
    expect(await contentFiles()).toEqual([sha256(xml)]);
    const [event] = await eventually(
      () => h.busEvents('ArtefactIngested'),
      (events) => events.length === 1,
      'ArtefactIngested',
    );
    expect(event).toMatchObject({
      type: `fai.${h.context}.artefact-ingested.v1`,
      portfolioid: PORTFOLIO,
      cycleid: CYCLE,
      runid: RUN,
      fundid: FUND_7.fundId,
      actor: 'user-42',
      data: {
        artefactId: body.artefactId,
        sha256: sha256(xml),
        version: 1,
        sourceType: 'upload',
        origin: 'http-upload',
        fileName: 'nport-2026-10.xml',
        retentionClass: 'standard',
        identifiers: { isins: [], seriesId: 'S000012000', cik: '0000311101' },
      },
    });

    const content = await fetch(`${h.url}/artefacts/${body.artefactId}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('repr-digest')).toBe(
      `sha-256=:${Buffer.from(sha256(xml), 'hex').toString('base64')}:`,
    );
    expect(content.headers.get('content-disposition')).toContain('nport-2026-10.xml');
    expect(await content.text()).toBe(xml);
  });

  it('takes the same bytes again as one artefact: the intake is recorded, nothing is stored twice', async () => {
    // E-mail is not allowed by the default policy: the refusal comes before any deduplication.
    const email = await upload(
      { ...fund7, sourceType: 'email', origin: 'ops@acme-am.com' },
      nport(nportXml(), 'copy.xml'),
    );
    expect(email.body).toMatchObject({ code: 'SOURCE_NOT_ALLOWED' });
    const { status, body } = await upload(fund7, nport(nportXml(), 'copy.xml'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ outcome: 'recorded', artefactId: first.artefactId, version: 1 });
    expect(await contentFiles()).toHaveLength(1);
    expect(await registryCount()).toBe(1);
    const [recorded] = await eventually(
      () => h.busEvents('ArtefactIntakeRecorded'),
      (events) => events.length === 1,
      'ArtefactIntakeRecorded',
    );
    expect(recorded.data).toMatchObject({
      artefactId: first.artefactId,
      fileName: 'copy.xml',
      intakeId: body.intakeId,
    });
  });

  it('answers a retried upload (same Idempotency-Key) with the first reply', async () => {
    const headers = { 'x-fai-actor': 'user-42', 'idempotency-key': 'upload-0001' };
    const once = await upload(fund7, nport(nportXml(), 'again.xml'), headers);
    const twice = await upload(fund7, nport(nportXml(), 'again.xml'), headers);
    expect(twice.body).toEqual(once.body);
    expect(
      (await h.storedEvents('ArtefactIntakeRecorded')).filter(
        (e) => (e.data as { intakeId: string }).intakeId === once.body.intakeId,
      ),
    ).toHaveLength(1);
  });

  it('makes concurrent uploads of the same new bytes one artefact', async () => {
    const pdf = factsheetPdf(FUND_8.isin);
    const file = { fileName: 'factsheet.pdf', contentType: 'application/pdf', content: pdf };
    const replies = await Promise.all([1, 2, 3].map(() => upload({ portfolioId: PORTFOLIO }, file)));
    expect(replies.map((reply) => reply.body.outcome).sort()).toEqual(['ingested', 'recorded', 'recorded']);
    expect(new Set(replies.map((reply) => reply.body.artefactId)).size).toBe(1);
    expect((await contentFiles()).filter((name) => name === sha256(pdf))).toHaveLength(1);
  });

  it('makes a different file for the same fund, period and type a new version; both stay', async () => {
    const corrected = nportXml('2026-10-31', 'corrected holdings');
    const { status, body } = await upload(fund7, nport(corrected, 'nport-2026-10-v2.xml'));
    expect(status).toBe(201);
    expect(body).toMatchObject({ outcome: 'ingested', version: 2, supersedesArtefactId: first.artefactId });
    const [superseded] = await eventually(
      () => h.busEvents('ArtefactSuperseded'),
      (events) => events.length === 1,
      'ArtefactSuperseded',
    );
    expect(superseded.data).toMatchObject({
      artefactId: first.artefactId,
      supersededByArtefactId: body.artefactId,
      version: 1,
    });
    expect(await contentFiles()).toEqual(expect.arrayContaining([sha256(nportXml()), sha256(corrected)]));
    const old = await (await fetch(`${h.url}/artefacts/${first.artefactId}`)).json();
    expect(old).toMatchObject({ version: 1, supersededByArtefactId: body.artefactId });
    expect(await (await fetch(`${h.url}/artefacts/${first.artefactId}/content`)).text()).toBe(nportXml());
  });

  it('keeps an unrecognised file and raises it for an operator', async () => {
    const { status, body } = await upload(
      { portfolioId: PORTFOLIO },
      { fileName: 'notes.txt', contentType: 'text/plain', content: 'call the manager about the gate' },
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({ outcome: 'unrecognised', documentType: 'unknown', version: 1 });
    const [raised] = await eventually(
      () => h.busEvents('ArtefactUnrecognised'),
      (events) => events.length === 1,
      'ArtefactUnrecognised',
    );
    expect(raised.data).toMatchObject({
      artefactId: body.artefactId,
      fileName: 'notes.txt',
      reason: expect.any(String),
    });

    // Bytes changed behind the store's back are never served as if whole: the response is broken off.
    const path = join(h.artefactDir, body.sha256.slice(0, 2), body.sha256);
    await chmod(path, 0o644);
    await writeFile(path, 'call the manager about the gatE');
    const response = await fetch(`${h.url}/artefacts/${body.artefactId}/content`);
    await expect(response.text()).rejects.toThrow();
  });

  it('publishes InventoryCompleted once every required artefact is present, with coverage notes', async () => {
    expect(
      await eventually(
        () => h.busEvents('InventoryCompleted'),
        () => true,
        'bus',
      ),
    ).toEqual([]);
    const { body } = await upload(
      { portfolioId: PORTFOLIO },
      { fileName: 'nav.csv', contentType: 'text/csv', content: navHistoryCsv(FUND_8.isin) },
    );
    expect(body).toMatchObject({ outcome: 'ingested', documentType: 'nav_history', fundId: FUND_8.fundId });
    const [completed] = await eventually(
      () => h.busEvents('InventoryCompleted'),
      (events) => events.length === 1,
      'InventoryCompleted',
    );
    expect(completed.data).toEqual({
      portfolioId: PORTFOLIO,
      cycleId: CYCLE,
      runId: RUN,
      at: expect.any(String),
    });
    const inventory = (await (await fetch(`${h.url}/runs/${RUN}/inventory`)).json()) as RunInventory;
    expect(inventory).toMatchObject({
      status: 'completed',
      expected: [
        { fundId: FUND_7.fundId, artefactType: 'nport', required: true, status: 'received' },
        { fundId: FUND_8.fundId, artefactType: 'nav_history', required: true, status: 'received' },
      ],
    });
    expect(inventory.received.map((r) => r.assessment)).toEqual(
      expect.arrayContaining(['fresh', 'duplicate', 'superseding', 'unrecognised']),
    );
    expect(inventory.notes.length).toBeGreaterThan(0);
  });

  it('raises ArtefactMissing for each required artefact missing at cut-off, and completes when an operator proceeds', async () => {
    const cycleId = 'pf-002-2026-10-scheduled';
    const runId = `${cycleId}-run-1`;
    const missing = [{ fundId: FUND_7.fundId, artefactType: 'nport' }];
    for (const fact of [
      portfolioRegistered('pf-002'),
      expectedInventorySet(expected, 'pf-002'),
      cycleOpened('2026-10', { portfolioId: 'pf-002' }),
      runStarted(cycleId),
      runMarkedIncomplete(cycleId, runId, missing),
    ])
      await h.publish(fact);
    const raised = await eventually(
      async () =>
        (await h.busEvents<{ runId: string; fundId: string }>('ArtefactMissing')).filter(
          (event) => event.data.runId === runId,
        ),
      (events) => events.length === 2,
      'ArtefactMissing',
    );
    expect(raised.map((event) => event.data).sort((a, b) => a.fundId.localeCompare(b.fundId))).toEqual([
      expect.objectContaining({
        fundId: FUND_7.fundId,
        artefactType: 'nport',
        portfolioId: 'pf-002',
        cycleId,
      }),
      expect.objectContaining({
        fundId: FUND_8.fundId,
        artefactType: 'nav_history',
        portfolioId: 'pf-002',
        cycleId,
      }),
    ]);
    await h.publish(runProceededAtCutOff(cycleId, runId, missing));
    await eventually(
      async () =>
        (await h.busEvents<{ runId: string }>('InventoryCompleted')).filter(
          (event) => event.data.runId === runId,
        ),
      (events) => events.length === 1,
      'InventoryCompleted after proceeding',
    );
  });

  it('refuses every bad input with a typed problem, stores nothing, records the refusal and keeps serving', async () => {
    const closedCycle = 'pf-003-2026-10-scheduled';
    for (const fact of [
      portfolioRegistered('pf-003'),
      cycleOpened('2026-10', { portfolioId: 'pf-003' }),
      runStarted(closedCycle),
      runStageStarted('extract', closedCycle),
    ])
      await h.publish(fact);
    await until(
      async () => (await fetch(`${h.url}/runs/${closedCycle}-run-1/inventory`)).ok,
      'the pf-003 inventory',
    );
    const filesBefore = await contentFiles();
    const registryBefore = await registryCount();
    const refusalsBefore = (await h.storedEvents('ArtefactRefused')).length;

    const cases: Array<[string, Record<string, string>, FilePart, number, string]> = [
      [
        'an empty file',
        fund7,
        { fileName: 'nav.csv', contentType: 'text/csv', content: '' },
        422,
        'ARTEFACT_EMPTY',
      ],
      [
        'a file over the limit',
        fund7,
        { fileName: 'big.csv', contentType: 'text/csv', content: 'x'.repeat(MAX_BYTES * 3) },
        413,
        'ARTEFACT_TOO_LARGE',
      ],
      [
        'a declared type the content contradicts',
        fund7,
        { fileName: 'factsheet.pdf', contentType: 'application/xml', content: factsheetPdf(FUND_7.isin) },
        415,
        'ARTEFACT_TYPE_MISMATCH',
      ],
      ['malformed XML', fund7, nport(hostile.malformedXml), 422, 'ARTEFACT_XML_MALFORMED'],
      [
        'XML with a DOCTYPE and an external entity',
        fund7,
        nport(hostile.externalEntityXml),
        422,
        'ARTEFACT_XML_DOCTYPE_REFUSED',
      ],
      [
        'a PDF that does not parse',
        fund7,
        { fileName: 'kiid.pdf', contentType: 'application/pdf', content: hostile.unparsablePdf },
        422,
        'ARTEFACT_PDF_UNREADABLE',
      ],
      [
        'a password-protected PDF',
        fund7,
        { fileName: 'kiid.pdf', contentType: 'application/pdf', content: hostile.encryptedPdf() },
        422,
        'ARTEFACT_PDF_ENCRYPTED',
      ],
      [
        'a zip bomb inside an XLSX',
        fund7,
        { fileName: 'tpt.xlsx', contentType: XLSX, content: hostile.zipBombXlsx() },
        422,
        'ARTEFACT_ZIP_BOMB',
      ],
      [
        'a path-traversing file name',
        fund7,
        nport(nportXml(), '../../etc/passwd.xml'),
        400,
        'ARTEFACT_FILENAME_INVALID',
      ],
      [
        'control characters in the file name',
        fund7,
        { ...nport(nportXml(), 'nport\u0007\u001b[2J.xml'), encoded: true },
        400,
        'ARTEFACT_FILENAME_INVALID',
      ],
      [
        'an unknown fund',
        { portfolioId: PORTFOLIO, fundId: 'fund-99' },
        nport(nportXml('2026-10-30')),
        422,
        'ARTEFACT_UNKNOWN_FUND',
      ],
      [
        'a period outside the open cycle',
        fund7,
        nport(nportXml('2026-12-31')),
        422,
        'ARTEFACT_PERIOD_OUTSIDE_CYCLE',
      ],
      [
        'an upload to a closed cycle',
        { portfolioId: 'pf-003', cycleId: closedCycle, fundId: FUND_7.fundId },
        nport(nportXml('2026-10-29')),
        409,
        'ARTEFACT_CYCLE_CLOSED',
      ],
      [
        'an online source the policy does not allow',
        {
          ...fund7,
          sourceType: 'online',
          origin: 'https://example.com/x',
          retrievedAt: new Date().toISOString(),
        },
        nport(nportXml('2026-10-28')),
        403,
        'SOURCE_NOT_ALLOWED',
      ],
    ];
    for (const [what, fields, file, status, code] of cases) {
      const answer = await upload<Record<string, unknown>>(fields, file);
      expect({
        what,
        status: answer.status,
        contentType: answer.contentType,
        code: answer.body.code,
      }).toEqual({
        what,
        status,
        contentType: expect.stringContaining('application/problem+json'),
        code,
      });
      expect(answer.body).toMatchObject({
        status,
        title: code,
        type: expect.stringMatching(/^urn:fai:problem:/),
        detail: expect.any(String),
        hint: expect.any(String),
      });
    }
    const anonymous = await upload<Record<string, unknown>>(fund7, nport(nportXml()), {});
    expect(anonymous).toMatchObject({ status: 400, body: { code: 'INTAKE_REQUEST_INVALID' } });

    expect(await contentFiles()).toEqual(filesBefore);
    expect(await registryCount()).toBe(registryBefore);
    const refusals = (await h.storedEvents('ArtefactRefused')).slice(refusalsBefore);
    expect(refusals.map((event) => (event.data as { errorCode: string }).errorCode)).toEqual(
      cases.map((c) => c[4]),
    );
    expect(refusals[8].data).not.toHaveProperty('fileName');

    expect((await fetch(`${h.url}/health/ready`)).status).toBe(200);
    const good = await upload(
      { portfolioId: PORTFOLIO },
      { fileName: 'factsheet.pdf', contentType: 'application/pdf', content: factsheetPdf(FUND_7.isin) },
    );
    expect(good).toMatchObject({
      status: 201,
      body: { documentType: 'factsheet', fundId: FUND_7.fundId, pages: 1 },
    });
  });
});

describe('ingest commands over NATS', () => {
  let proxy: ClientProxy;
  let client: CommandClient;
  const subject = (contract: AnyCommandContract) => commandSubjectIn(h.commandPrefix, contract.subject);

  beforeAll(async () => {
    proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await proxy.connect();
    client = new CommandClient(proxy, { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await proxy.close();
  });

  it('sets a source policy, registers an online artefact it allows and refuses one it does not', async () => {
    const policy = {
      commandId: 'policy-1',
      actor: 'admin-1',
      reason: 'EDGAR may be fetched directly.',
      portfolioId: PORTFOLIO,
      rules: [
        { sourceType: 'upload', origins: ['*'] },
        { sourceType: 'online', origins: ['https://www.sec.gov/*'], retentionClass: 'regulatory' },
      ],
    };
    const set = await client.send(subject(setSourcePolicyV1), policy);
    expect(set).toEqual({ portfolioId: PORTFOLIO, sourcePolicyId: 'pf-001-source-policy-v1', version: 1 });
    expect(await client.send(subject(setSourcePolicyV1), policy)).toEqual(set);

    const csv = navHistoryCsv(FUND_8.isin, '2026-10-31').replace('101.62', '101.63');
    const { sha256: stored } = await new FilesystemArtefactStore(h.artefactDir).put(
      Readable.from([Buffer.from(csv)]),
      {
        maxBytes: MAX_BYTES,
      },
    );
    const registration = {
      commandId: 'fetch-1',
      actor: 'system:edgar',
      portfolioId: PORTFOLIO,
      sha256: stored,
      fileName: 'nav.csv',
      sourceType: 'online',
      origin: 'https://www.sec.gov/nav.csv',
      retrievedAt: '2026-11-04T06:00:00.000Z',
    };
    const reply = await client.send<IntakeReply>(subject(registerArtefactV1), registration);
    expect(reply).toMatchObject({
      outcome: 'ingested',
      sha256: stored,
      documentType: 'nav_history',
      fundId: FUND_8.fundId,
      version: 2,
    });
    const ingested = await eventually(
      async () =>
        (await h.busEvents<{ artefactId: string }>('ArtefactIngested')).filter(
          (e) => e.data.artefactId === reply.artefactId,
        ),
      (events) => events.length === 1,
      'the registered artefact on JetStream',
    );
    expect(ingested[0].data).toMatchObject({
      sourceType: 'online',
      retrievedAt: '2026-11-04T06:00:00.000Z',
      retentionClass: 'regulatory',
    });

    await expect(
      client.send(subject(registerArtefactV1), {
        ...registration,
        commandId: 'fetch-2',
        origin: 'https://evil.example/nav.csv',
      }),
    ).rejects.toMatchObject({ code: 'SOURCE_NOT_ALLOWED' });
    await expect(
      client.send(subject(registerArtefactV1), {
        ...registration,
        commandId: 'fetch-3',
        sha256: 'f'.repeat(64),
      }),
    ).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });
    await expect(
      client.send(subject(registerArtefactV1), { ...registration, sourceType: 'upload' }),
    ).rejects.toMatchObject({
      code: 'CONTRACT_VIOLATION',
    });
  });

  it("answers a run's inventory", async () => {
    const inventory = await client.send(subject(getRunInventoryV1), { runId: RUN });
    expect(inventory).toMatchObject({ runId: RUN, status: 'completed' });
    await expect(client.send(subject(getRunInventoryV1), { runId: 'nope' })).rejects.toMatchObject({
      code: 'INVENTORY_NOT_FOUND',
    });
  });
});
