import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ArtefactCorruptedError, ArtefactEmptyError, ArtefactTooLargeError } from './artefact-errors';
import type { ArtefactSource } from './artefact-store';

/**
 * Hashes and counts an upload while it streams through, refusing it once it passes `maxBytes`
 * and, at its end, when it had no bytes. Only the chunk in hand is ever held.
 */
export class ContentMeter {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
      throw new RangeError(`maxBytes must be a positive integer, got ${maxBytes}`);
  }

  get size(): number {
    return this.bytes;
  }

  async *measure(source: ArtefactSource): AsyncGenerator<Uint8Array> {
    for await (const chunk of source as AsyncIterable<unknown>) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError('artefact content must be a stream of bytes');
      if (chunk.length === 0) continue;
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) throw new ArtefactTooLargeError(this.maxBytes);
      this.hash.update(chunk);
      yield chunk;
    }
    if (this.bytes === 0) throw new ArtefactEmptyError();
  }

  /** The sha256 of everything measured; only meaningful once `measure` has run to its end. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }
}

/** Regroups a byte stream into pieces of exactly `size` bytes (the last one may be shorter). */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pendingBytes += chunk.byteLength;
    if (pendingBytes < size) continue;
    const joined = Buffer.concat(pending, pendingBytes);
    let offset = 0;
    for (; pendingBytes - offset >= size; offset += size) yield joined.subarray(offset, offset + size);
    pending = [joined.subarray(offset)];
    pendingBytes -= offset;
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/**
 * Passes bytes through unchanged and fails at the end with `ARTEFACT_CORRUPTED` unless they hash
 * to `sha256`: every read is checked, whatever the backend promises.
 */
export class DigestVerifier extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly sha256: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    done(
      actual === this.sha256
        ? null
        : new ArtefactCorruptedError(this.sha256, `${this.bytes} bytes read hash to ${actual}`),
    );
  }
}
