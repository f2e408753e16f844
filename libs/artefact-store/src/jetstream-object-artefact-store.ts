import { pipeline, Readable } from 'node:stream';
import {
  headers,
  NatsError,
  nuid,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type ObjectInfo,
  type ObjectResult,
  type ObjectStore,
} from 'nats';
import { ContentMeter, DigestVerifier, rechunk } from './artefact-content';
import { ArtefactCorruptedError, ArtefactNotFoundError } from './artefact-errors';
import {
  assertSha256,
  type ArtefactSource,
  type ArtefactStat,
  type ArtefactStore,
  type PutOptions,
  type StoredArtefact,
} from './artefact-store';

export interface JetStreamObjectStoreOptions {
  /** Size of each chunk message; capped by the server's max_payload. */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 128 * 1024;
// JetStream's "wrong last sequence" (JSStreamWrongLastSequenceErr): the subject already has a message.
const WRONG_LAST_SEQUENCE = 10071;

/**
 * Artefacts as objects of a NATS JetStream object store (nats.js v2 `js.views.os`, NATS 2.9),
 * named by their sha256.
 *
 * Why nothing half-written is ever visible: an object store is one stream holding chunk messages
 * on `$O.<bucket>.C.<nuid>` and one meta message per object on `$O.<bucket>.M.<base64url(name)>`.
 * Readers (`info`, `get`, `list`) start from the meta message, and a meta message names the nuid of
 * chunks that were all acknowledged before it was written. Chunks of an upload that never got its
 * meta are unreachable: a reader cannot tell they exist.
 *
 * Writing: nats.js `os.put` needs the object's name before the first byte, and the name is the
 * sha256 known only after the last one; it also publishes every chunk without waiting, so a large
 * upload can pile up in the client's buffers. `put` therefore writes the same layout itself,
 * publishing chunks one at a time under a fresh nuid while hashing, and then the meta message under
 * the sha256 with `Nats-Expected-Last-Subject-Sequence: 0`: the server accepts it only if no object
 * of that name exists, so of two concurrent puts of the same bytes exactly one stores it and the
 * other removes its chunks. Reads go through nats.js (which checks the object's own digest) and are
 * checked once more against the sha256. A failed or refused upload purges its chunks; a crash
 * mid-upload leaves only unreachable chunks.
 */
export class JetStreamObjectArtefactStore implements ArtefactStore {
  private readonly chunkBytes: number;
  private readonly streamName: string;
  private opened?: Promise<{ os: ObjectStore; js: JetStreamClient; jsm: JetStreamManager }>;

  constructor(
    private readonly nc: NatsConnection,
    readonly bucket: string,
    options: JetStreamObjectStoreOptions = {},
  ) {
    this.chunkBytes = Math.min(
      options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
      nc.info?.max_payload ?? DEFAULT_CHUNK_BYTES,
    );
    this.streamName = `OBJ_${bucket}`;
  }

  async put(content: ArtefactSource, { maxBytes }: PutOptions): Promise<StoredArtefact> {
    const { js, jsm } = await this.open();
    const meter = new ContentMeter(maxBytes);
    const id = nuid.next();
    const chunkSubject = `$O.${this.bucket}.C.${id}`;
    const purgeChunks = () => jsm.streams.purge(this.streamName, { filter: chunkSubject });
    let chunks = 0;
    try {
      // One chunk in flight at a time: memory stays at one chunk whatever the upload's size.
      for await (const chunk of rechunk(meter.measure(content), this.chunkBytes)) {
        await js.publish(chunkSubject, chunk);
        chunks += 1;
      }
    } catch (error) {
      if (chunks > 0) await purgeChunks().catch(() => undefined);
      throw error;
    }
    const sha256 = meter.sha256();
    const meta = {
      name: sha256,
      description: '',
      bucket: this.bucket,
      nuid: id,
      size: meter.size,
      chunks,
      mtime: new Date().toISOString(),
      digest: `SHA-256=${base64UrlPadded(Buffer.from(sha256, 'hex'))}`,
      deleted: false,
      options: { max_chunk_size: this.chunkBytes },
    };
    // If publishing the meta fails otherwise (a timeout, say), it may still have been stored: the
    // chunks stay, unreachable at worst, rather than risk emptying a visible object.
    const stored = await this.publishMeta(meta);
    if (!stored) await purgeChunks();
    return { sha256, size: meter.size, alreadyStored: !stored };
  }

  async get(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    const { os, jsm } = await this.open();
    const info = await os.info(sha256);
    if (!info || info.deleted) throw new ArtefactNotFoundError(sha256);
    // nats.js waits forever for chunks that are gone: make sure the object still has some.
    if (info.size > 0 && !(await this.hasChunks(jsm, info)))
      throw new ArtefactCorruptedError(sha256, 'its chunks are missing');
    const result = await os.get(sha256);
    if (!result) throw new ArtefactNotFoundError(sha256);
    return pipeline(Readable.from(objectChunks(sha256, result)), new DigestVerifier(sha256), () => undefined);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.liveInfo(sha256)) !== undefined;
  }

  async stat(sha256: string): Promise<ArtefactStat> {
    const info = await this.liveInfo(sha256);
    if (!info) throw new ArtefactNotFoundError(sha256);
    return { sha256, size: info.size, storedAt: new Date(info.mtime) };
  }

  async remove(sha256: string): Promise<boolean> {
    if (!(await this.liveInfo(sha256))) return false;
    const { os } = await this.open();
    // Leaves a delete marker and purges the chunks: a later put of the same bytes stores them again.
    await os.delete(sha256);
    return true;
  }

  /** Publishes an object's meta message unless a live object of that name exists; true if it did. */
  private async publishMeta(meta: { name: string }): Promise<boolean> {
    const { js, os } = await this.open();
    const subject = `$O.${this.bucket}.M.${base64UrlPadded(Buffer.from(meta.name))}`;
    let expected = 0;
    for (;;) {
      const h = headers();
      h.set('Nats-Rollup', 'sub');
      try {
        await js.publish(subject, JSON.stringify(meta), {
          headers: h,
          expect: { lastSubjectSequence: expected },
        });
        return true;
      } catch (error) {
        if (!(error instanceof NatsError) || error.api_error?.err_code !== WRONG_LAST_SEQUENCE) throw error;
      }
      const current = await os.info(meta.name);
      if (current && !current.deleted) return false;
      // Only a delete marker is there (or it vanished): replace exactly that revision.
      expected = current?.revision ?? 0;
    }
  }

  private async hasChunks(jsm: JetStreamManager, info: ObjectInfo): Promise<boolean> {
    try {
      await jsm.streams.getMessage(this.streamName, { last_by_subj: `$O.${this.bucket}.C.${info.nuid}` });
      return true;
    } catch (error) {
      if (error instanceof NatsError && error.code === '404') return false;
      throw error;
    }
  }

  private async liveInfo(sha256: string): Promise<ObjectInfo | undefined> {
    assertSha256(sha256);
    const { os } = await this.open();
    const info = await os.info(sha256);
    return info && !info.deleted ? info : undefined;
  }

  private open() {
    this.opened ??= (async () => {
      const js = this.nc.jetstream();
      const os = await js.views.os(this.bucket);
      return { os, js, jsm: await this.nc.jetstreamManager() };
    })().catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }
}

/** The object's bytes as nats.js delivers them, with its own digest failure mapped to ours. */
async function* objectChunks(sha256: string, result: ObjectResult): AsyncGenerator<Uint8Array> {
  const reader = result.data.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } catch (error) {
    finished = true;
    // nats.js fails the stream with "received a corrupt object, digests do not match ...".
    if (error instanceof Error && /corrupt object/i.test(error.message))
      throw new ArtefactCorruptedError(sha256, error.message);
    throw error;
  } finally {
    // A reader that stops early must cancel, or nats.js keeps its chunk subscription open.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** The encoding the object store protocol uses for meta subjects and digests (base64url, padded). */
function base64UrlPadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
