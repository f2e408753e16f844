import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { ContentMeter, DigestVerifier } from './artefact-content';
import { ArtefactNotFoundError } from './artefact-errors';
import {
  assertSha256,
  type ArtefactSource,
  type ArtefactStat,
  type ArtefactStore,
  type PutOptions,
  type StoredArtefact,
} from './artefact-store';

/** Uploads in progress live here, on the same filesystem as the content so that linking is atomic. */
export const INCOMING_DIR = '.incoming';
const PART_SUFFIX = '.part';

/**
 * Artefacts as read-only files at `<root>/<first two hex digits>/<sha256>`.
 *
 * An upload is written to `<root>/.incoming/<uuid>.part`, fsynced, made read-only and then
 * hard-linked to its content path, and the directory is fsynced. Linking publishes the complete
 * file in one step like a rename would, but fails when the name already exists: of two concurrent
 * puts of the same bytes exactly one stores it, and a stored file is never replaced. A crash at any
 * point leaves at most a `.part` file in `.incoming`, which readers never look at and
 * `sweepAbandonedUploads` removes at start-up. (The filesystem must support hard links: ext4,
 * xfs, btrfs and NFS do.)
 */
export class FilesystemArtefactStore implements ArtefactStore {
  private readonly incomingDir: string;
  private incomingReady?: Promise<unknown>;

  constructor(readonly rootDir: string) {
    this.incomingDir = join(rootDir, INCOMING_DIR);
  }

  async put(content: ArtefactSource, { maxBytes }: PutOptions): Promise<StoredArtefact> {
    const meter = new ContentMeter(maxBytes);
    await (this.incomingReady ??= mkdir(this.incomingDir, { recursive: true }));
    const partPath = join(this.incomingDir, `${randomUUID()}${PART_SUFFIX}`);
    try {
      await writeDurably(partPath, meter.measure(content));
      const sha256 = meter.sha256();
      const alreadyStored = !(await this.publish(partPath, sha256));
      return { sha256, size: meter.size, alreadyStored };
    } finally {
      await rm(partPath, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable> {
    const file = await this.openContent(sha256);
    return pipeline(file.createReadStream(), new DigestVerifier(sha256), () => undefined);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.statFile(sha256)) !== undefined;
  }

  async stat(sha256: string): Promise<ArtefactStat> {
    const found = await this.statFile(sha256);
    if (!found) throw new ArtefactNotFoundError(sha256);
    return { sha256, size: found.size, storedAt: found.mtime };
  }

  async remove(sha256: string): Promise<boolean> {
    const path = this.contentPath(sha256);
    const found = await stat(path).catch(ifMissing(undefined));
    if (!found) return false;
    await rm(path, { force: true });
    await fsyncDirectory(join(this.rootDir, sha256.slice(0, 2)));
    return true;
  }

  /**
   * Removes uploads left behind by a crash. Only parts older than `olderThanMs` go, so that a
   * sweep never deletes an upload another process sharing the root is still writing.
   */
  async sweepAbandonedUploads(olderThanMs: number, now: Date = new Date()): Promise<number> {
    const names = await readdir(this.incomingDir).catch(ifMissing([] as string[]));
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith(PART_SUFFIX))) {
      const path = join(this.incomingDir, name);
      const info = await stat(path).catch(ifMissing(undefined));
      if (!info || now.getTime() - info.mtime.getTime() < olderThanMs) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    return removed;
  }

  contentPath(sha256: string): string {
    assertSha256(sha256);
    return join(this.rootDir, sha256.slice(0, 2), sha256);
  }

  /** Makes the complete part visible under its content path; false when it already was. */
  private async publish(partPath: string, sha256: string): Promise<boolean> {
    const target = this.contentPath(sha256);
    const dir = join(this.rootDir, sha256.slice(0, 2));
    const createdDir = await mkdir(dir, { recursive: true });
    if (createdDir) await fsyncDirectory(this.rootDir);
    try {
      await link(partPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await fsyncDirectory(dir);
    return true;
  }

  private async openContent(sha256: string): Promise<FileHandle> {
    try {
      return await open(this.contentPath(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtefactNotFoundError(sha256);
      throw error;
    }
  }

  private statFile(sha256: string) {
    return stat(this.contentPath(sha256)).catch(ifMissing(undefined));
  }
}

/** Writes every chunk, then fsyncs and drops write permission before the file can become visible. */
async function writeDurably(path: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    for await (const chunk of chunks) {
      for (let offset = 0; offset < chunk.length;) offset += (await file.write(chunk, offset)).bytesWritten;
    }
    await file.chmod(0o444);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function fsyncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function ifMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}
