import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FilesystemArtefactStore, INCOMING_DIR } from './filesystem-artefact-store';
import {
  chunked,
  describeArtefactStoreContract,
  readAll,
  sha256Of,
  type ArtefactStoreFixture,
} from './testing/artefact-store.contract';

const REPO_ROOT = resolve(__dirname, '../../..');

async function contentFiles(root: string): Promise<string[]> {
  const dirs = (await readdir(root)).filter((name) => /^[0-9a-f]{2}$/.test(name));
  const files = await Promise.all(dirs.map((dir) => readdir(join(root, dir))));
  return files.flat();
}

async function openFixture(): Promise<
  ArtefactStoreFixture & { root: string; store: FilesystemArtefactStore }
> {
  const root = await mkdtemp(join(tmpdir(), 'fai-artefacts-'));
  const store = new FilesystemArtefactStore(root);
  return {
    root,
    store,
    async tamper(sha256) {
      const path = store.contentPath(sha256);
      await chmod(path, 0o644);
      const file = await open(path, 'r+');
      const [first] = await file.read(Buffer.alloc(1), 0, 1, 0).then(({ buffer }) => buffer);
      await file.write(Buffer.from([first ^ 0xff]), 0, 1, 0);
      await file.close();
      await chmod(path, 0o444);
    },
    visibleNames: () => contentFiles(root),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

describeArtefactStoreContract('filesystem', openFixture);

describe('FilesystemArtefactStore', () => {
  let fixture: Awaited<ReturnType<typeof openFixture>>;

  beforeEach(async () => {
    fixture = await openFixture();
  });

  afterEach(async () => {
    await fixture.dispose();
  });

  it('keeps each artefact read-only at <root>/<aa>/<sha256> and no upload part behind', async () => {
    const bytes = randomBytes(5000);
    const { sha256 } = await fixture.store.put(chunked(bytes, 999), { maxBytes: 10_000 });
    const path = join(fixture.root, sha256.slice(0, 2), sha256);
    expect(fixture.store.contentPath(sha256)).toBe(path);
    expect((await stat(path)).mode & 0o777).toBe(0o444);
    expect((await readFile(path)).equals(bytes)).toBe(true);
    expect(await readdir(join(fixture.root, INCOMING_DIR))).toEqual([]);
  });

  it('removes abandoned upload parts at start-up, but not parts young enough to be in progress', async () => {
    const incoming = join(fixture.root, INCOMING_DIR);
    await fixture.store.put(chunked(Buffer.from('x'), 1), { maxBytes: 10 });
    await writeFile(join(incoming, 'old.part'), 'half');
    await writeFile(join(incoming, 'young.part'), 'half');
    const now = new Date();
    const anHourAgo = new Date(now.getTime() - 3_600_000);
    await utimes(join(incoming, 'old.part'), anHourAgo, anHourAgo);
    expect(await fixture.store.sweepAbandonedUploads(600_000, now)).toBe(1);
    expect(await readdir(incoming)).toEqual(['young.part']);
  });

  it('leaves nothing visible when the process is killed in the middle of writing', async () => {
    const child = spawnSlowWriter(fixture.root);
    try {
      await child.writing;
      child.process.kill('SIGKILL');
      await child.exited;
    } finally {
      child.process.kill('SIGKILL');
    }
    const parts = await readdir(join(fixture.root, INCOMING_DIR));
    expect(parts).toHaveLength(1);
    const written = await readFile(join(fixture.root, INCOMING_DIR, parts[0]));
    expect(written.length).toBeGreaterThanOrEqual(4 * 65_536);
    expect(await contentFiles(fixture.root)).toEqual([]);
    expect(await fixture.store.has(sha256Of(written))).toBe(false);
    await expect(fixture.store.get(sha256Of(written))).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });

    expect(await fixture.store.sweepAbandonedUploads(0)).toBe(1);
    expect(await readdir(join(fixture.root, INCOMING_DIR))).toEqual([]);
    const again = await fixture.store.put(chunked(written, 65_536), { maxBytes: written.length });
    expect(again.alreadyStored).toBe(false);
    expect((await readAll(await fixture.store.get(again.sha256))).equals(written)).toBe(true);
  });
});

/**
 * A separate Node process that puts an endless, slow upload into the store (loading the
 * TypeScript sources through @swc/core, as Jest does) and says when four chunks are written.
 */
function spawnSlowWriter(root: string) {
  const script = `
    const Module = require('node:module');
    const { readFileSync } = require('node:fs');
    const { join } = require('node:path');
    const swc = require('@swc/core');
    const resolveFilename = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      const lib = /^@fai\\/([a-z-]+)$/.exec(request);
      return resolveFilename.call(this, lib ? join(process.cwd(), 'libs', lib[1], 'src') : request, ...rest);
    };
    require.extensions['.ts'] = (module, filename) => {
      const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
      module._compile(swc.transformSync(readFileSync(filename, 'utf8'), options).code, filename);
    };
    const { FilesystemArtefactStore } = require(process.argv[1]);
    async function* slowUpload() {
      for (let n = 1; ; n += 1) {
        yield Buffer.alloc(65536, n);
        if (n === 5) process.stdout.write('writing\\n');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    new FilesystemArtefactStore(process.argv[2]).put(slowUpload(), { maxBytes: 2 ** 40 });
  `;
  const child = spawn(
    process.execPath,
    ['-e', script, join(__dirname, 'filesystem-artefact-store.ts'), root],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const writing = new Promise<void>((done, fail) => {
    child.stdout.on('data', (data: Buffer) => data.toString().includes('writing') && done());
    child.once('exit', (code) => fail(new Error(`slow writer exited early (code ${code})`)));
  });
  return { process: child, writing, exited };
}
