import type { Readable } from 'node:stream';
import type { ArtefactStore } from '@fai/artefact-store';

/** A stored output file: its content hash, size and where to fetch it. */
export interface StoredOutput {
  sha256: string;
  bytes: number;
  uri: string;
}

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export function outputUri(sha256: string): string {
  return `fai-output://sha256/${sha256}`;
}

/**
 * Reporting's files (memo inputs, memos, packs) in a content-addressed, write-once store of their
 * own (an ArtefactStore on its own directory or bucket): storing the same bytes twice is one file.
 */
export class OutputStore {
  constructor(private readonly store: ArtefactStore) {}

  async put(bytes: Buffer): Promise<StoredOutput> {
    const stored = await this.store.put(
      (async function* () {
        yield bytes;
      })(),
      { maxBytes: MAX_OUTPUT_BYTES },
    );
    return { sha256: stored.sha256, bytes: stored.size, uri: outputUri(stored.sha256) };
  }

  get(sha256: string): Promise<Buffer> {
    return readAll(this.store.get(sha256));
  }
}

/** Reads a stored file whole; the store checks its hash while it streams. */
export async function readAll(stream: Promise<Readable>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
