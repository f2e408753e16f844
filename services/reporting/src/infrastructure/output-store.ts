import type { Readable } from 'node:stream';
import { ArtefactNotFoundError, type ArtefactStore } from '@fai/artefact-store';
import { OutputContentDeletedError } from '@fai/contracts';

/** A stored output file: its content hash, size and where to fetch it. */
export interface StoredOutput {
  sha256: string;
  bytes: number;
  uri: string;
}

/** Which output retention took these bytes with, if it did (the output registry knows). */
export type ContentDeletions = (sha256: string) => Promise<{ outputId: string; deletedAt: Date } | undefined>;

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export function outputUri(sha256: string): string {
  return `fai-output://sha256/${sha256}`;
}

/**
 * Reporting's files (memo inputs, memos, packs) in a content-addressed, write-once store of their
 * own (an ArtefactStore on its own directory or bucket): storing the same bytes twice is one file.
 */
export class OutputStore {
  constructor(
    private readonly store: ArtefactStore,
    private readonly deletions: ContentDeletions,
  ) {}

  async put(bytes: Buffer): Promise<StoredOutput> {
    const stored = await this.store.put(
      (async function* () {
        yield bytes;
      })(),
      { maxBytes: MAX_OUTPUT_BYTES },
    );
    return { sha256: stored.sha256, bytes: stored.size, uri: outputUri(stored.sha256) };
  }

  /** The bytes; OUTPUT_CONTENT_DELETED when retention deleted them, rather than a bare not-found. */
  async get(sha256: string): Promise<Buffer> {
    try {
      return await readAll(this.store.get(sha256));
    } catch (error) {
      const deletion = error instanceof ArtefactNotFoundError ? await this.deletions(sha256) : undefined;
      if (deletion)
        throw new OutputContentDeletedError(sha256, deletion.outputId, deletion.deletedAt.toISOString());
      throw error;
    }
  }

  /** Only for output retention, once no output still kept has these bytes. */
  remove(sha256: string): Promise<boolean> {
    return this.store.remove(sha256);
  }
}

/** Reads a stored file whole; the store checks its hash while it streams. */
export async function readAll(stream: Promise<Readable>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
