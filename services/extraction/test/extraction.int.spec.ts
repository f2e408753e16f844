import { createHash, randomUUID } from 'node:crypto';
import { chmod, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  artefactIngestedV1,
  getClaimsV1,
  inventoryArtefactReceivedV1,
  inventoryCompletedV1,
  portfolioRegisteredV1,
  type ArtefactIngestedV1,
  type ClaimView,
  type CloudEvent,
  type GetClaimsReply,
} from '@fai/contracts';
import { claimSetOf } from '../src/artefact-extraction/claim-set';
import { EXTRACTORS } from '../src/artefact-extraction/extractor-registry';
import { openExtractionWorld, type ExtractionWorld } from './extraction-world';

const NPORT_DIR = join(__dirname, 'fixtures/nport');
const nportFile = (name: string) => readFile(join(NPORT_DIR, name));
const DUPREE = 'dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml';
const PIMCO_LDI = 'pimco-low-duration-income_NPORT-P_2024-06-30.xml';
const PIMCO_INCOME = 'pimco-income-fund_NPORT-P_2026-03-31_TRIMMED.xml';
const AST = 'ast-bond-portfolio-2022_NPORT-P_2022-12-30_final.xml';
const INFINITY = 'infinity-long-short-equity_NPORT-P_2021-12-31.xml';
const SPDR = 'spdr-sp500-etf-trust_NPORT-P_2026-03-31_TRIMMED.xml';

const TENANT = 'tenant-acme';
const PORTFOLIO = 'pf-001';
const CYCLE = 'pf-001-2026-10-scheduled';

let world: ExtractionWorld;

beforeAll(async () => {
  world = await openExtractionWorld();
});

afterAll(async () => {
  await world?.close();
});

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Stores the bytes as ingest would, and announces them with ArtefactIngested. */
async function ingest(
  bytes: Buffer,
  patch: Partial<ArtefactIngestedV1> & Pick<ArtefactIngestedV1, 'documentType'>,
): Promise<{ artefactId: string; sha256: string; eventId: string }> {
  const stored = await world.artefacts.put(Readable.from([bytes]), { maxBytes: 10 * 1024 * 1024 });
  const artefactId = patch.artefactId ?? `art-${randomUUID()}`;
  const eventId = await world.publish(artefactIngestedV1, {
    artefactId,
    tenantId: TENANT,
    portfolioId: PORTFOLIO,
    cycleId: CYCLE,
    runId: `${CYCLE}-run-1`,
    intakeId: randomUUID(),
    sha256: stored.sha256,
    version: 1,
    identifiers: { isins: [] },
    sourceType: 'upload',
    origin: 'http-upload',
    actor: 'user-42',
    fileName: 'document',
    mediaType: 'application/octet-stream',
    size: bytes.length,
    retentionClass: 'standard',
    sourcePolicyId: 'pf-001-source-policy-v1',
    at: new Date().toISOString(),
    ...patch,
  });
  return { artefactId, sha256: stored.sha256, eventId };
}

const about = (type: string, artefactId: string) => (event: CloudEvent) =>
  event.type.endsWith(`.extraction.${type}.v1`) &&
  (event.data as { artefactId: string }).artefactId === artefactId;

const aboutRun = (type: string, runId: string) => (event: CloudEvent) =>
  event.type.endsWith(`.extraction.${type}.v1`) && (event.data as { runId: string }).runId === runId;

async function allClaims(
  request: { artefactId?: string; runId?: string; fundId?: string },
  limit = 500,
): Promise<ClaimView[]> {
  const claims: ClaimView[] = [];
  let cursor: string | undefined;
  do {
    const reply: GetClaimsReply = await world.commands.send(world.querySubject, {
      ...request,
      cursor,
      limit,
    });
    claims.push(...reply.claims);
    cursor = reply.nextCursor;
  } while (cursor);
  return claims;
}

/** A crafted NAV history naming its share class by ISIN (the NAV extractor reads `isin`). */
function navHistory(isin: string): Buffer {
  return Buffer.from(
    JSON.stringify({ isin, currency: 'EUR', dates: ['2026-10-29', '2026-10-30'], values: [101.25, 101.5] }),
  );
}

describe('extraction service on the real servers', () => {
  it('extracts an N-PORT into a stored claim set, published as ClaimsExtracted and identical on re-extraction', async () => {
    const bytes = await nportFile(DUPREE);
    const expected = await EXTRACTORS.nport.extract(bytes, { sha256: sha256Of(bytes), version: 1 });
    const expectedSet = claimSetOf(expected.claims);
    const { artefactId, sha256 } = await ingest(bytes, { documentType: 'nport' });

    const extracted = await world.waitFor(about('claims-extracted', artefactId), 'ClaimsExtracted');
    expect(extracted.data).toMatchObject({
      artefactId,
      sha256,
      documentType: 'nport',
      extractor: { id: 'nport-xml', version: '1.0.0' },
      claimCount: expected.claims.length,
      coverage: expected.coverage,
      claimSet: {
        sha256: expectedSet.sha256,
        claimCount: expected.claims.length,
        byteSize: expectedSet.byteSize,
      },
      runId: `${CYCLE}-run-1`,
    });
    expect(extracted).toMatchObject({ tenantid: TENANT, portfolioid: PORTFOLIO, cycleid: CYCLE });
    // Nobody named the fund and no portfolio lists series S000012000: the claims keep the filing's reference.
    const unresolved = await world.waitFor(about('fund-unresolved', artefactId), 'FundUnresolved');
    expect(unresolved.data).toMatchObject({
      references: [
        { reference: { seriesId: 'S000012000' }, reason: 'unknown', claimCount: expected.claims.length },
      ],
    });

    const claims = await allClaims({ artefactId });
    expect(claims.map((c) => c.claimId)).toEqual(expected.claims.map((c) => c.claimId));
    expect(claims.every((c) => c.artefactId === artefactId && c.evidence.locator.kind === 'xpath')).toBe(
      true,
    );
    expect(claims.find((c) => c.metric === 'fund.net_assets')).toMatchObject({
      value: '41349926.010000000000',
      status: 'supported',
    });

    // The same artefact announced again: extracted again, nothing new recorded or stored.
    const again = await ingest(bytes, { documentType: 'nport', artefactId });
    await world.waitProcessed('extraction', again.eventId);
    const stream = await world.store.readStream(`extraction-${artefactId}`);
    expect(stream.map((e) => e.type)).toEqual(['ClaimsExtracted', 'FundUnresolved']);
    const { rows } = await world.test.db.query(
      `SELECT count(*)::int AS sets FROM "${world.test.schema}".claim_sets WHERE artefact_id = $1`,
      [artefactId],
    );
    expect(rows).toEqual([{ sets: 1 }]);
    expect((await allClaims({ artefactId })).map((c) => c.claimId)).toEqual(claims.map((c) => c.claimId));
  });

  it('stores the 34,000 claims of a large filing out of the event, a page at a time', async () => {
    // Portfolios list ISINs, not series ids: the fund the sender named (ingest's attribution) holds.
    const { artefactId } = await ingest(await nportFile(PIMCO_LDI), {
      documentType: 'nport',
      fundId: 'fund-pimco',
    });
    const extracted = await world.waitFor(about('claims-extracted', artefactId), 'ClaimsExtracted');
    expect(extracted.data).toMatchObject({
      claimCount: 33921,
      fundIds: ['fund-pimco'],
      funds: [{ reference: { seriesId: 'S000009677' }, fundId: 'fund-pimco', matchedBy: 'artefact' }],
    });
    expect(world.published.some(about('fund-unresolved', artefactId))).toBe(false);
    expect(Buffer.byteLength(JSON.stringify(extracted))).toBeLessThan(16 * 1024);
    const page: GetClaimsReply = await world.commands.send(world.querySubject, { artefactId, limit: 1000 });
    expect(page.claimSets).toMatchObject([{ artefactId, claimCount: 33921 }]);
    expect(page.claims).toHaveLength(1000);
    expect(page.nextCursor).toBeDefined();
  });

  it('records a document that cannot be parsed as ExtractionFailed and keeps extracting others', async () => {
    const whole = await nportFile(INFINITY);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    const broken = await ingest(truncated, { documentType: 'nport' });
    const failed = await world.waitFor(about('extraction-failed', broken.artefactId), 'ExtractionFailed');
    expect(failed.data).toMatchObject({
      artefactId: broken.artefactId,
      extractor: { id: 'nport-xml', version: '1.0.0' },
      errorCode: 'EXTRACTION_MALFORMED_XML',
      diagnostics: { extractorId: 'nport-xml' },
    });
    expect((failed.data as { hint: string }).hint).not.toBe('');

    const next = await ingest(whole, { documentType: 'nport' });
    await world.waitFor(about('claims-extracted', next.artefactId), 'ClaimsExtracted after a failure');
    await expect(world.commands.send(world.querySubject, { artefactId: broken.artefactId })).resolves.toEqual(
      {
        claimSets: [],
        claims: [],
      },
    );
  });

  it('resolves a registered ISIN to its canonical fund and raises FundUnresolved for an unknown one', async () => {
    const registered = await world.publish(
      portfolioRegisteredV1,
      {
        portfolioId: PORTFOLIO,
        tenantId: TENANT,
        name: 'Global Selection',
        baseCurrency: 'EUR',
        funds: [
          {
            fundId: 'fund-7',
            name: 'Acme World Equity',
            isins: [],
            shareClasses: [{ shareClassId: 'fund-7-a-acc', isin: 'LU0123456789', currency: 'EUR' }],
          },
        ],
        actor: 'user-42',
        reason: 'Onboarding.',
        at: new Date().toISOString(),
      },
      { tenantid: TENANT, portfolioid: PORTFOLIO },
    );
    await world.waitProcessed('extraction-funds', registered);

    const known = await ingest(navHistory('LU0123456789'), { documentType: 'nav_history' });
    const unknown = await ingest(navHistory('IE00B4L5Y983'), {
      documentType: 'nav_history',
      fundId: 'fund-7',
    });

    const resolved = await world.waitFor(
      about('claims-extracted', known.artefactId),
      'resolved ClaimsExtracted',
    );
    expect(resolved.data).toMatchObject({
      fundIds: ['fund-7'],
      funds: [
        {
          reference: { isin: 'LU0123456789' },
          fundId: 'fund-7',
          shareClassId: 'fund-7-a-acc',
          matchedBy: 'isin',
        },
      ],
    });
    expect(resolved.fundid).toBe('fund-7');
    const claims = await allClaims({ artefactId: known.artefactId });
    expect(claims.map((c) => [c.fundId, c.shareClassId, c.value])).toEqual([
      ['fund-7', 'fund-7-a-acc', '101.25'],
      ['fund-7', 'fund-7-a-acc', '101.5'],
    ]);

    const exception = await world.waitFor(about('fund-unresolved', unknown.artefactId), 'FundUnresolved');
    expect(exception.data).toMatchObject({
      attributedFundId: 'fund-7',
      references: [{ reference: { isin: 'IE00B4L5Y983' }, reason: 'unknown', candidates: [], claimCount: 2 }],
    });
    const unresolvedClaims = await allClaims({ artefactId: unknown.artefactId });
    expect(unresolvedClaims.map((c) => [c.fundId, c.fund])).toEqual([
      [undefined, { isin: 'IE00B4L5Y983' }],
      [undefined, { isin: 'IE00B4L5Y983' }],
    ]);
    expect(world.published.some(about('fund-unresolved', known.artefactId))).toBe(false);

    // A run's claims of one fund, a claim a page: the other funds' and the unresolved are left out.
    const runId = `${CYCLE}-run-1`;
    const ofFund = await allClaims({ runId, fundId: 'fund-7' }, 1);
    const ofRun = await allClaims({ runId });
    expect(ofFund.map((c) => c.claimId)).toEqual(
      ofRun.filter((c) => c.fundId === 'fund-7').map((c) => c.claimId),
    );
    expect(ofFund.map((c) => c.claimId)).toEqual(expect.arrayContaining(claims.map((c) => c.claimId)));
    expect(ofRun.length).toBeGreaterThan(ofFund.length);
  });

  it('resolves an N-PORT by the series id a portfolio lists for its fund, with no ingest attribution', async () => {
    // A tenant of its own, so the series ids it lists do not change how the other tests' filings resolve.
    const tenant = { tenantId: 'tenant-kentucky', portfolioId: 'pf-ky' };
    const registered = await world.publish(
      portfolioRegisteredV1,
      {
        ...tenant,
        name: 'Municipal Income',
        baseCurrency: 'USD',
        funds: [
          {
            fundId: 'fund-dupree-ky',
            name: 'Dupree Kentucky Tax-Free Short-to-Medium',
            isins: [],
            seriesId: 'S000012000',
            shareClasses: [],
          },
        ],
        actor: 'user-42',
        reason: 'Onboarding.',
        at: new Date().toISOString(),
      },
      { tenantid: tenant.tenantId, portfolioid: tenant.portfolioId },
    );
    await world.waitProcessed('extraction-funds', registered);

    const { artefactId } = await ingest(await nportFile(DUPREE), { documentType: 'nport', ...tenant });
    const extracted = await world.waitFor(about('claims-extracted', artefactId), 'ClaimsExtracted');
    expect(extracted.data).toMatchObject({
      fundIds: ['fund-dupree-ky'],
      funds: [{ reference: { seriesId: 'S000012000' }, fundId: 'fund-dupree-ky', matchedBy: 'series_id' }],
    });
    const claims = await allClaims({ artefactId });
    expect(claims.length).toBeGreaterThan(0);
    expect(new Set(claims.map((c) => c.fundId))).toEqual(new Set(['fund-dupree-ky']));
    expect(world.published.some(about('fund-unresolved', artefactId))).toBe(false);
  });

  it('records an N-PORT/A as restating its original, whichever arrives first, and keeps both claim sets', async () => {
    const amend = (bytes: Buffer, edit: (xml: string) => string) =>
      Buffer.from(
        edit(
          bytes
            .toString('utf8')
            .replace(
              '<submissionType>NPORT-P</submissionType>',
              '<submissionType>NPORT-P/A</submissionType>',
            ),
        ),
      );

    const income = await nportFile(PIMCO_INCOME);
    const original = await ingest(income, { documentType: 'nport' });
    await world.waitFor(about('claims-extracted', original.artefactId), 'original ClaimsExtracted');
    const restated = amend(income, (xml) =>
      xml.replace('<netAssets>224789032259.550000</netAssets>', '<netAssets>224789032260.000000</netAssets>'),
    );
    const amendment = await ingest(restated, {
      documentType: 'nport',
      version: 2,
      supersedesArtefactId: original.artefactId,
    });
    const recorded = await world.waitFor(
      about('amendment-recorded', amendment.artefactId),
      'AmendmentRecorded',
    );
    expect(recorded.data).toMatchObject({
      artefactId: amendment.artefactId,
      originalArtefactId: original.artefactId,
      originalSha256: original.sha256,
      filingKey: 'nport:S000016548:2026-03-31',
      relation: 'restates',
      comparison: { restated: 2, added: 0, notRestated: 0 },
    });
    const originalClaims = await allClaims({ artefactId: original.artefactId });
    expect(originalClaims.find((c) => c.metric === 'fund.net_assets')?.value).toBe('224789032259.550000');
    const amendedClaims = await allClaims({ artefactId: amendment.artefactId });
    expect(amendedClaims.find((c) => c.metric === 'fund.net_assets')?.value).toBe('224789032260.000000');

    // The other way round: the amendment waits for its original, then is linked to it.
    const ast = await nportFile(AST);
    const early = await ingest(
      amend(ast, (xml) => xml),
      { documentType: 'nport', version: 2 },
    );
    await world.waitFor(about('claims-extracted', early.artefactId), 'amendment ClaimsExtracted');
    const late = await ingest(ast, { documentType: 'nport' });
    const linked = await world.waitFor(
      about('amendment-recorded', early.artefactId),
      'late AmendmentRecorded',
    );
    expect(linked.data).toMatchObject({
      originalArtefactId: late.artefactId,
      filingKey: 'nport:S000030880:2022-12-30',
      relation: 'restates',
      comparison: { restated: 1, added: 0, notRestated: 0 },
    });
  });

  it('completes a run once every artefact of its closed inventory has an outcome', async () => {
    const runId = `${CYCLE}-run-completion-${randomUUID()}`;
    const run = { portfolioId: PORTFOLIO, cycleId: CYCLE, runId };
    const bytes = await nportFile(INFINITY);
    const good = await ingest(bytes, { documentType: 'nport', runId });
    const bad = await ingest(Buffer.from('<edgarSubmission'), { documentType: 'nport', runId });
    for (const artefact of [good, bad]) {
      await world.publish(inventoryArtefactReceivedV1, {
        ...run,
        artefactId: artefact.artefactId,
        sha256: artefact.sha256,
        documentType: 'nport',
        version: 1,
        assessment: 'fresh',
        note: 'nport received',
        at: new Date().toISOString(),
      });
    }
    await world.publish(inventoryCompletedV1, { ...run, at: new Date().toISOString() });
    const completed = await world.waitFor(
      aboutRun('run-extraction-completed', runId),
      'RunExtractionCompleted',
    );
    expect(completed.data).toMatchObject(run);
    expect(world.published.filter(about('extraction-failed', bad.artefactId))).toHaveLength(1);
    const claims = await allClaims({ runId });
    expect(new Set(claims.map((c) => c.artefactId))).toEqual(new Set([good.artefactId]));
  });

  it('fails the run’s extract stage when an input’s stored bytes no longer match their hash; a rerun reads the restored bytes', async () => {
    const runId = `${CYCLE}-run-corrupted-${randomUUID()}`;
    const bytes = await nportFile(SPDR);
    const stored = await world.artefacts.put(Readable.from([bytes]), { maxBytes: 1024 * 1024 });
    const path = world.artefacts.contentPath(stored.sha256);
    await chmod(path, 0o644);
    const file = await open(path, 'r+');
    await file.write(Buffer.from('!'), 0, 1, 100);
    await file.close();

    const { artefactId } = await ingest(bytes, { documentType: 'nport', runId });
    await world.publish(inventoryCompletedV1, {
      portfolioId: PORTFOLIO,
      cycleId: CYCLE,
      runId,
      at: new Date().toISOString(),
    });
    const failed = await world.waitFor(about('extraction-failed', artefactId), 'ExtractionFailed');
    expect(failed.data).toMatchObject({ errorCode: 'ARTEFACT_CORRUPTED' });
    const stage = await world.waitFor(
      (e) =>
        e.type.endsWith('.extraction.extraction-stage-failed.v1') &&
        (e.data as { runId: string }).runId === runId,
      'ExtractionStageFailed',
    );
    expect(stage.data).toMatchObject({
      stage: 'extract',
      errorCode: 'ARTEFACT_CORRUPTED',
      diagnostics: { artefactIds: [artefactId] },
    });

    // The operator restores the bytes and reruns: ingest carries the artefact over to run 2.
    const restored = await open(path, 'w');
    await restored.write(bytes);
    await restored.close();
    const rerun = { portfolioId: PORTFOLIO, cycleId: CYCLE, runId: `${runId}-rerun` };
    await world.publish(inventoryArtefactReceivedV1, {
      ...rerun,
      artefactId,
      sha256: stored.sha256,
      documentType: 'nport',
      version: 1,
      assessment: 'fresh',
      carriedOver: true,
      note: 'carried over from run 1',
      at: new Date().toISOString(),
    });
    await world.publish(inventoryCompletedV1, { ...rerun, at: new Date().toISOString() });
    const completed = await world.waitFor(
      aboutRun('run-extraction-completed', rerun.runId),
      'RunExtractionCompleted of the rerun',
    );
    expect(completed.data).toMatchObject(rerun);
    expect(world.published.filter(about('claims-extracted', artefactId))).toHaveLength(1);
    expect((await allClaims({ runId: rerun.runId })).length).toBeGreaterThan(0);
  });

  it('answers queries it cannot serve with typed refusals', async () => {
    await expect(world.commands.send(world.querySubject, {})).rejects.toMatchObject({
      code: 'CLAIMS_QUERY_INVALID',
    });
    await expect(world.commands.send(world.querySubject, { artefactId: 'art-nobody' })).rejects.toMatchObject(
      {
        code: 'CLAIMS_ARTEFACT_UNKNOWN',
      },
    );
    await expect(world.commands.send(world.querySubject, { runId: 'run-nobody' })).rejects.toMatchObject({
      code: 'CLAIMS_RUN_UNKNOWN',
    });
    expect(getClaimsV1.subject).toBe('fai-cmd.extraction.get-claims.v1');
  });
});
