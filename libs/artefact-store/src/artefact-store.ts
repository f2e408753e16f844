import type { Readable } from 'node:stream';
import { ArtefactIdInvalidError } from './artefact-errors';

/** The bytes of one upload, read once and never held whole. */
export type ArtefactSource = AsyncIterable<Uint8Array> | Readable;

export interface PutOptions {
  /** Reading stops, and nothing is stored, as soon as more than this many bytes arrive. */
  maxBytes: number;
}

export interface StoredArtefact {
  /** Lower-case hex sha256 of the content: the artefact's address. */
  sha256: string;
  size: number;
  /** True when these exact bytes were already stored: the same bytes ingested twice are one artefact. */
  alreadyStored: boolean;
}

export interface ArtefactStat {
  sha256: string;
  size: number;
  storedAt: Date;
}

/**
 * Content-addressed, write-once storage of artefact bytes.
 *
 * - `put` streams the content, hashing while writing and enforcing `maxBytes` on the way; an
 *   artefact becomes visible (to `has`, `stat`, `get`) only once all of it is durably written.
 *   Refusals: `ARTEFACT_EMPTY`, `ARTEFACT_TOO_LARGE`.
 * - `get` streams the content back and checks its hash while reading: the stream fails with
 *   `ARTEFACT_CORRUPTED` at the end if the bytes do not match. Consumers must treat what they read
 *   as unusable until the stream has ended without error (as `stream.pipeline` does).
 * - `get` and `stat` fail with `ARTEFACT_NOT_FOUND` for unknown hashes, `ARTEFACT_ID_INVALID` for
 *   anything that is not a sha256.
 */
export interface ArtefactStore {
  put(content: ArtefactSource, options: PutOptions): Promise<StoredArtefact>;
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  stat(sha256: string): Promise<ArtefactStat>;
  /** Removes the content for good (retention deletes it); false when none was stored. */
  remove(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Guards every address before it reaches a path or a subject: nothing else can name an artefact. */
export function assertSha256(value: string): void {
  if (!SHA256_HEX.test(value)) throw new ArtefactIdInvalidError(value);
}
