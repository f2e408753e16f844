import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `npm run release:check` on a throw-away git repository: a release tag, then a working tree with a
 * new policy version and a policy edited in place. Run `npm run build` first when running this file alone.
 */
const CLI = join(__dirname, '..', '..', 'ops', 'dist', 'release-check.js');
let repo: string;

function write(path: string, content: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
}

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });
}

function releaseCheck(...args: string[]) {
  const { NODE_OPTIONS: _jestOptions, ...env } = process.env;
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'fai-release-'));
  git('init', '-q');
  write(
    'libs/contracts/schemas/fai.x.e.v1.json',
    '{"data":{"type":"object","properties":{"a":{"type":"string"}}}}\n',
  );
  write('services/validation/policies/materiality@1.yaml', 'policyId: materiality@1\ndescription: Pilot.\n');
  write('CHANGELOG.md', '# Changelog\n\n## [Unreleased]\n\n## [0.1.0]\n- first\n');
  git('add', '.');
  git('commit', '-q', '-m', 'release');
  git('tag', 'v0.1.0');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('npm run release:check', () => {
  it('passes a tree with nothing changed since the release', () => {
    expect(releaseCheck('--against', 'v0.1.0')).toMatchObject({
      code: 0,
      out: '0 changes since v0.1.0: 0 failing, 0 to review\n',
    });
  });

  it('lists a new policy version with its rationale and diff, and fails a released one edited in place', () => {
    write(
      'services/validation/policies/materiality@2.yaml',
      'policyId: materiality@2\ndescription: Lower fee threshold.\n',
    );
    write(
      'CHANGELOG.md',
      '# Changelog\n\n## [Unreleased]\n- materiality@2: lower fee threshold\n\n## [0.1.0]\n- first\n',
    );
    const passing = releaseCheck('--against', 'v0.1.0', '--diffs');
    expect(passing.out).toContain(
      'REVIEW versioned materiality@2: new version after materiality@1; rationale in CHANGELOG; description: Lower fee threshold.',
    );
    expect(passing.out).toContain('+description: Lower fee threshold.');
    expect(passing.code).toBe(0);

    write(
      'services/validation/policies/materiality@1.yaml',
      'policyId: materiality@1\ndescription: Pilot, edited.\n',
    );
    const failing = releaseCheck('--against', 'v0.1.0');
    expect(failing.out).toMatch(/^FAIL {3}versioned materiality@1: changed after release/m);
    expect(failing.code).toBe(1);
  });

  it('refuses a ref that names no commit, exit 2', () => {
    const run = releaseCheck('--against', 'v9.9.9');
    expect(run.code).toBe(2);
    expect(run.err).toContain("--against names no commit: 'v9.9.9'");
  });
});
