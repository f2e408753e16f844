import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run demo` (the README's first command), as a user runs it: the built demo in a process of its
 * own, no PostgreSQL or NATS involved (embedded default: PGlite and the in-process bus), two monthly
 * cycles of the sample portfolio to publication. Checks what it leaves in its output folder.
 */
const execFileAsync = promisify(execFile);
const DEMO = join(__dirname, '..', 'demo', 'dist', 'main.js');

interface Summary {
  periods: Array<{
    period: string;
    resolvedExceptions: Array<{ title: string }>;
    funds: Array<{
      fundId: string;
      deltas: number | 'baseline';
      approvedBy: string;
      submittedBy: string;
      pack: string;
      files: string[];
    }>;
  }>;
}

describe('npm run demo', () => {
  const out = mkdtempSync(join(tmpdir(), 'fai-demo-e2e-'));
  let stdout = '';
  let summary: Summary;

  beforeAll(async () => {
    if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run npm run build first`);
    // A shell's FAI_ settings are one service's: the demo ignores them (here a schema that all seven would share).
    const env = {
      ...process.env,
      FAI_PG_SCHEMA: 'one_for_all',
      FAI_PG_URL: 'postgres://nobody@127.0.0.1:1/none',
    };
    ({ stdout } = await execFileAsync(process.execPath, [DEMO, '--out', out], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    }));
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  }, 900_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('narrates every stage and names its output folder', () => {
    for (const stage of ['ingest', 'extract', 'validate', 'report'])
      expect(stdout).toContain(`stage ${stage}: completed`);
    expect(stdout).toContain(`memos, evidence packs and the summary are in ${out}`);
  });

  it('reads both cycles back through the gateway API, every fund published', () => {
    const views = JSON.parse(readFileSync(join(out, 'gateway-cycles.json'), 'utf8')) as Array<{
      outputs: Array<{ state: string }>;
      assignments: { submitters: string[]; approvers: string[] };
    }>;
    expect(views).toHaveLength(2);
    for (const view of views) {
      expect(view.outputs.map((fund) => fund.state)).toEqual(['published', 'published', 'published']);
      expect(view.assignments).toMatchObject({ submitters: ['demo-analyst'], approvers: ['demo-reviewer'] });
    }
    expect(stdout).toMatch(/gateway: cycle \S+ completed, 3\/3 funds published/);
  });

  it('publishes every fund of both periods with four eyes, packs verified offline', () => {
    expect(summary.periods.map((period) => period.period)).toEqual(['2026-09', '2026-10']);
    for (const period of summary.periods) {
      expect(period.funds).toHaveLength(3);
      for (const fund of period.funds) {
        expect(fund.submittedBy).not.toBe(fund.approvedBy);
        expect(fund.pack).toMatch(/^verified: .*evidence coverage 1$/);
        const pdf = fund.files.find((file) => file.endsWith('memo.pdf'))!;
        expect(readFileSync(join(out, pdf)).subarray(0, 5).toString()).toBe('%PDF-');
        expect(fund.files.some((file) => file.endsWith('evidence-pack.zip'))).toBe(true);
      }
    }
  });

  it('measures every fund against the benchmark its NAV file and factsheet state', () => {
    for (const fund of summary.periods.flatMap((period) => period.funds)) {
      const html = readFileSync(
        join(
          out,
          fund.files.find((file) => file.endsWith('memo.html'))!,
        ),
        'utf8',
      );
      expect(html).toContain('NAV vs benchmark (rebased to 100)');
      expect(html).toMatch(/benchmark: [^<]+, stated\./);
      expect(html).toMatch(/Relative to benchmark<\/t[dh]><td>-?\d+\.\d{2} %/);
    }
  });

  it('compares the second month with the first and has the reviewer decide the cross-source conflict', () => {
    const [first, second] = summary.periods;
    expect(first.funds.every((fund) => fund.deltas === 'baseline')).toBe(true);
    expect(second.funds.every((fund) => typeof fund.deltas === 'number' && fund.deltas > 0)).toBe(true);
    expect(second.resolvedExceptions.length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
    expect(readFileSync(join(out, 'demo.log'), 'utf8')).toContain('"service":"reporting"');
  });
});
