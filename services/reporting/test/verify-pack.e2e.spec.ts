import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKpiConfig } from '../src/kpi/kpi-config.loader';
import { buildMemoInput } from '../src/memo/memo-input';
import { renderMemo } from '../src/memo/memo-renderer';
import { CURRENT_TEMPLATE } from '../src/memo/memo-template';
import { buildEvidencePack } from '../src/pack/evidence-pack';
import { realFund } from './real-fund.fixture';
import { rezip, unzip } from './zip-rewrite';

/** The built `verify-pack` command, as an auditor runs it on a pack they were sent. */
const CLI = join(__dirname, '..', 'dist', 'verify-pack.js');

function verify(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('verify-pack command', () => {
  let dir: string;
  let good: string;
  let tampered: string;
  let manifestSha256: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fai-verify-pack-'));
    const fund = realFund();
    const input = buildMemoInput({
      ...fund,
      templateVersion: CURRENT_TEMPLATE,
      kpiConfig: loadKpiConfig('kpi-config@1'),
    });
    const pack = await buildEvidencePack({
      packId: 'pack-e2e',
      memoId: 'memo-e2e',
      input,
      rendered: await renderMemo(input),
      approval: null,
      artefact: async () => fund.artefacts[0].bytes,
    });
    manifestSha256 = pack.manifestSha256;
    good = join(dir, 'good.zip');
    await writeFile(good, pack.archive);
    const entries = await unzip(pack.archive);
    entries.set('memo.pdf', Buffer.concat([entries.get('memo.pdf')!, Buffer.from('%% appended')]));
    tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, await rezip(entries));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts an intact pack, with or without the registered manifest hash', () => {
    for (const args of [[good], [good, '--manifest-sha256', manifestSha256]]) {
      const result = verify(...args);
      expect(result).toEqual(
        expect.objectContaining({
          code: 0,
          stdout: expect.stringMatching(/^ok pack-e2e: .* 15 figures, evidence coverage 1\n$/),
        }),
      );
    }
  });

  it('exits 1 with the first problem of a tampered pack, or of a pack that is not the registered one', () => {
    expect(verify(tampered)).toEqual(
      expect.objectContaining({
        code: 1,
        stderr: 'EVIDENCE_PACK_INVALID: evidence pack invalid: memo.pdf does not match its hash\n',
      }),
    );
    expect(verify(good, '--manifest-sha256', '0'.repeat(64))).toEqual(
      expect.objectContaining({
        code: 1,
        stderr: expect.stringContaining('the manifest is not the one registered'),
      }),
    );
  });

  it('exits 2 on a usage error', () => {
    expect(verify().code).toBe(2);
    expect(verify(good, '--sha', 'x').code).toBe(2);
  });
});
