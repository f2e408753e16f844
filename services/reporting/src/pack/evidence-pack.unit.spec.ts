import { createHash } from 'node:crypto';
import { loadKpiConfig } from '../kpi/kpi-config.loader';
import { realFund } from '../../test/real-fund.fixture';
import { rezip, unzip } from '../../test/zip-rewrite';
import { buildMemoInput, canonicalJson } from '../memo/memo-input';
import { renderMemo } from '../memo/memo-renderer';
import { CURRENT_TEMPLATE } from '../memo/memo-template';
import type { ApprovalStamp } from '../memo/memo-view';
import type { EvidenceManifest } from './evidence-manifest';
import { buildEvidencePack } from './evidence-pack';
import { verifyEvidencePack } from './pack-verify';

const kpiConfig = loadKpiConfig('kpi-config@1');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function pack(approval: ApprovalStamp | null = null, fund = realFund()) {
  const input = buildMemoInput({
    review: fund.review,
    claims: fund.claims,
    claimSets: fund.claimSets,
    templateVersion: CURRENT_TEMPLATE,
    kpiConfig,
  });
  const bytesOf = new Map(fund.artefacts.map((artefact) => [artefact.sha256, artefact.bytes]));
  return buildEvidencePack({
    packId: 'pack-test',
    memoId: 'memo-test',
    input,
    rendered: await renderMemo(input, approval),
    approval,
    artefact: async (sha256) => bytesOf.get(sha256)!,
  });
}

async function withManifest(archive: Buffer, change: (manifest: EvidenceManifest) => void): Promise<Buffer> {
  const entries = await unzip(archive);
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as EvidenceManifest;
  change(manifest);
  const bytes = Buffer.from(canonicalJson(manifest));
  entries.set('manifest.json', bytes);
  entries.set('manifest.sha256', Buffer.from(`${sha(bytes)}\n`));
  return rezip(entries);
}

describe('evidence pack', () => {
  it('maps every figure to claims, artefacts, locations and extractor versions, and verifies offline', async () => {
    const built = await pack();
    const { manifest } = built;

    expect(manifest.kind).toBe('draft');
    expect(manifest.versions).toEqual(
      expect.objectContaining({
        template: 'memo@1',
        ruleset: 'ruleset@1',
        materiality: 'materiality@1',
        sourcePolicy: 'source-policy@1',
      }),
    );
    expect(manifest.figures).toHaveLength(15);
    expect(manifest.evidenceCoverage).toBe('1');
    const net = manifest.figures.find((figure) => figure.figureId === 'field.fund.net_assets')!;
    const claim = manifest.claims.find((c) => c.claimId === net.claimIds[0])!;
    expect(claim).toEqual(
      expect.objectContaining({
        artefactSha256: realFund().artefacts[0].sha256,
        artefactVersion: 1,
        locator: { kind: 'xpath', path: '/edgarSubmission/formData/fundInfo/netAssets' },
        extractor: { id: 'nport-xml', version: '1.0.0' },
      }),
    );
    expect(manifest.decisions.map((d) => `${d.exceptionId}:${d.action}:${d.actor}`)).toEqual([
      'exc-net-assets-drop:accept:reviewer-3',
      'exc-ongoing-charges-missing:assign:lead-1',
      'exc-ongoing-charges-missing:follow_up:analyst-7',
    ]);
    expect(manifest.files.map((file) => file.path)).toEqual([
      `artefacts/${realFund().artefacts[0].sha256}`,
      'memo-input.json',
      'memo.html',
      'memo.pdf',
    ]);
    await expect(verifyEvidencePack(built.archive, built.manifestSha256)).resolves.toEqual(
      expect.objectContaining({ figures: 15, artefacts: 1, evidenceCoverage: '1' }),
    );
  });

  it('is byte-stable: building it again gives the same archive', async () => {
    const [first, second] = [await pack(), await pack()];

    expect(second.archiveSha256).toBe(first.archiveSha256);
    expect(second.manifestSha256).toBe(first.manifestSha256);
  });

  it('records the approval in a final pack', async () => {
    const stamp = {
      approvedBy: 'approver-9',
      submittedBy: 'analyst-7',
      approvedAt: '2023-01-25T16:00:00.000Z',
      notes: 'ok',
    };
    const final = await pack(stamp);

    expect(final.manifest.kind).toBe('final');
    expect(final.manifest.approvals).toEqual([stamp]);
    expect(final.manifestSha256).not.toBe((await pack()).manifestSha256);
  });

  describe('a tampered pack fails verification', () => {
    it('when a packed file changes', async () => {
      const entries = await unzip((await pack()).archive);
      entries.set('memo.html', Buffer.concat([entries.get('memo.html')!, Buffer.from('<!-- edited -->')]));

      await expect(verifyEvidencePack(await rezip(entries))).rejects.toMatchObject({
        code: 'EVIDENCE_PACK_INVALID',
        message: expect.stringContaining('memo.html does not match its hash'),
      });
    });

    it('when an artefact changes', async () => {
      const built = await pack();
      const entries = await unzip(built.archive);
      const path = `artefacts/${realFund().artefacts[0].sha256}`;
      entries.set(path, Buffer.from(entries.get(path)!.toString('utf8').replace('41349926', '51349926')));

      await expect(verifyEvidencePack(await rezip(entries))).rejects.toThrow(
        `${path} does not match its hash`,
      );
    });

    it('when the manifest changes without its hash', async () => {
      const entries = await unzip((await pack()).archive);
      entries.set(
        'manifest.json',
        Buffer.from(entries.get('manifest.json')!.toString('utf8').replace('41349926.01', '41349927.01')),
      );

      await expect(verifyEvidencePack(await rezip(entries))).rejects.toThrow(
        'the manifest does not match its hash',
      );
    });

    it('when manifest and hash are both rewritten, against the registered manifest hash', async () => {
      const built = await pack();
      const rewritten = await withManifest(built.archive, (manifest) => {
        manifest.figures[0].value = '99.99';
      });

      await expect(verifyEvidencePack(rewritten)).resolves.toBeDefined();
      await expect(verifyEvidencePack(rewritten, built.manifestSha256)).rejects.toThrow(
        'the manifest is not the one registered',
      );
    });

    it('when a figure’s claim is gone', async () => {
      const rewritten = await withManifest((await pack()).archive, (manifest) => {
        const net = manifest.figures.find((figure) => figure.figureId === 'field.fund.net_assets')!;
        manifest.claims = manifest.claims.filter((claim) => claim.claimId !== net.claimIds[0]);
      });

      await expect(verifyEvidencePack(rewritten)).rejects.toThrow(
        'figure field.fund.net_assets does not resolve to claims of packed artefacts',
      );
    });

    it('when a file is added that the manifest does not list', async () => {
      const entries = await unzip((await pack()).archive);
      entries.set('notes.txt', Buffer.from('added later'));

      await expect(verifyEvidencePack(await rezip(entries))).rejects.toThrow(
        'notes.txt is in the archive but not in the manifest',
      );
    });

    it('when it is not a zip at all', async () => {
      await expect(verifyEvidencePack(Buffer.from('not a zip'))).rejects.toMatchObject({
        code: 'EVIDENCE_PACK_INVALID',
      });
    });
  });
});
