import { createHash } from 'node:crypto';
import type { IntakeReply } from '@fai/contracts';
import { nportXml } from '../test/documents';
import { startIngest, until, type IngestHarness } from '../test/ingest-app.harness';
import { multipartBody } from '../test/multipart-body';
import { collectingPortfolio, FUND_7, PORTFOLIO } from '../test/scheduler-facts.fixture';
import { JetStreamObjectArtefactStore } from '@fai/artefact-store';

const sha256 = (content: string) => createHash('sha256').update(content).digest('hex');

let h: IngestHarness;

beforeAll(async () => {
  h = await startIngest({ store: 'nats' });
  for (const fact of collectingPortfolio()) await h.publish(fact);
  await until(
    async () => (await fetch(`${h.url}/runs/pf-001-2026-10-scheduled-run-1/inventory`)).ok,
    'the run inventory',
  );
});

afterAll(async () => {
  await h?.close();
});

async function upload(content: string, fileName: string): Promise<{ status: number; body: IntakeReply }> {
  const { body, contentType } = multipartBody(
    { portfolioId: PORTFOLIO, fundId: FUND_7.fundId },
    { fileName, contentType: 'application/xml', content },
  );
  const response = await fetch(`${h.url}/artefacts`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': contentType, 'x-fai-actor': 'user-42' },
  });
  return { status: response.status, body: (await response.json()) as IntakeReply };
}

describe('ingest on the NATS JetStream object store (FAI_ARTEFACT_STORE=nats)', () => {
  it('stores an upload in the bucket once, however often it comes, and versions a new file', async () => {
    const objects = new JetStreamObjectArtefactStore(h.nc, h.bucket);
    const xml = nportXml();
    const first = await upload(xml, 'nport.xml');
    expect(first).toMatchObject({
      status: 201,
      body: { outcome: 'ingested', sha256: sha256(xml), version: 1 },
    });
    expect(await objects.stat(sha256(xml))).toMatchObject({ size: Buffer.byteLength(xml) });

    const again = await upload(xml, 'nport-copy.xml');
    expect(again).toMatchObject({
      status: 200,
      body: { outcome: 'recorded', artefactId: first.body.artefactId },
    });

    const corrected = nportXml('2026-10-31', 'corrected');
    const second = await upload(corrected, 'nport-v2.xml');
    expect(second.body).toMatchObject({ version: 2, supersedesArtefactId: first.body.artefactId });
    for (const [reply, content] of [
      [first.body, xml],
      [second.body, corrected],
    ] as const) {
      expect(await (await fetch(`${h.url}/artefacts/${reply.artefactId}/content`)).text()).toBe(content);
    }
  });
});
