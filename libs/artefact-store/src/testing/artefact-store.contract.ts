import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ArtefactStore } from '../artefact-store';

/** One store under test, with the back doors the contract needs to check what a reader can see. */
export interface ArtefactStoreFixture {
  store: ArtefactStore;
  /** Changes the stored bytes of an artefact behind the store's back. */
  tamper(sha256: string): Promise<void>;
  /** Every artefact name a reader of the backend could find, complete or not. */
  visibleNames(): Promise<string[]>;
  dispose(): Promise<void>;
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Yields `bytes` in pieces of `size`, counting how many pieces were actually pulled. */
export function chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> & { pulled: number } {
  const source = {
    pulled: 0,
    async *[Symbol.asyncIterator]() {
      for (let offset = 0; offset < bytes.length; offset += size) {
        source.pulled += 1;
        yield bytes.subarray(offset, offset + size);
      }
    },
  };
  return source;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const KIB = 1024;
const MIB = 1024 * KIB;
/** The behaviour every `ArtefactStore` must have, run against each real backend. */
export function describeArtefactStoreContract(
  backend: string,
  open: () => Promise<ArtefactStoreFixture>,
): void {
  describe(`ArtefactStore contract: ${backend}`, () => {
    let fixture: ArtefactStoreFixture;
    let store: ArtefactStore;

    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    it('stores streamed bytes under their sha256 and reads them back unchanged', async () => {
      const bytes = randomBytes(300 * KIB + 17);
      const stored = await store.put(chunked(bytes, 10_000), { maxBytes: MIB });
      expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.length, alreadyStored: false });
      expect(await store.has(stored.sha256)).toBe(true);
      const { storedAt, ...stat } = await store.stat(stored.sha256);
      expect(stat).toEqual({ sha256: stored.sha256, size: bytes.length });
      expect(Math.abs(storedAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect((await readAll(await store.get(stored.sha256))).equals(bytes)).toBe(true);
    });

    it('stores the same bytes once, however they are chunked', async () => {
      const bytes = randomBytes(200 * KIB);
      const first = await store.put(chunked(bytes, 64 * KIB), { maxBytes: MIB });
      const second = await store.put(chunked(bytes, 7 * KIB), { maxBytes: MIB });
      expect(second).toEqual({ sha256: first.sha256, size: bytes.length, alreadyStored: true });
      expect(await fixture.visibleNames()).toEqual([first.sha256]);
      expect((await readAll(await store.get(first.sha256))).equals(bytes)).toBe(true);
    });

    it('keeps different bytes apart', async () => {
      const a = await store.put(chunked(Buffer.from('NAV 101.25'), 4), { maxBytes: KIB });
      const b = await store.put(chunked(Buffer.from('NAV 101.26'), 4), { maxBytes: KIB });
      expect(a.sha256).not.toBe(b.sha256);
      expect((await fixture.visibleNames()).sort()).toEqual([a.sha256, b.sha256].sort());
    });

    it('refuses an upload past the limit as soon as it passes it, leaving nothing visible', async () => {
      const bytes = randomBytes(640 * KIB);
      const source = chunked(bytes, 64 * KIB);
      await expect(store.put(source, { maxBytes: 200 * KIB })).rejects.toMatchObject({
        code: 'ARTEFACT_TOO_LARGE',
      });
      expect(source.pulled).toBe(4);
      expect(await store.has(sha256Of(bytes))).toBe(false);
      expect(await store.has(sha256Of(bytes.subarray(0, 192 * KIB)))).toBe(false);
      expect(await fixture.visibleNames()).toEqual([]);
    });

    it('accepts an upload of exactly the limit', async () => {
      const bytes = randomBytes(8 * KIB);
      await expect(store.put(chunked(bytes, KIB), { maxBytes: bytes.length })).resolves.toMatchObject({
        size: bytes.length,
      });
    });

    it('refuses empty content, including a stream of empty chunks', async () => {
      await expect(store.put(chunked(Buffer.alloc(0), 1), { maxBytes: KIB })).rejects.toMatchObject({
        code: 'ARTEFACT_EMPTY',
      });
      const empties = (async function* () {
        yield new Uint8Array(0);
        yield new Uint8Array(0);
      })();
      await expect(store.put(empties, { maxBytes: KIB })).rejects.toMatchObject({ code: 'ARTEFACT_EMPTY' });
      expect(await fixture.visibleNames()).toEqual([]);
    });

    it('detects stored bytes that no longer match their hash when reading', async () => {
      const bytes = randomBytes(150 * KIB);
      const { sha256 } = await store.put(chunked(bytes, 32 * KIB), { maxBytes: MIB });
      await fixture.tamper(sha256);
      await expect(store.get(sha256).then(readAll)).rejects.toMatchObject({
        code: 'ARTEFACT_CORRUPTED',
        details: { sha256 },
      });
    });

    it('stores concurrent puts of the same bytes exactly once', async () => {
      const bytes = randomBytes(260 * KIB);
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => store.put(chunked(bytes, n * 16 * KIB), { maxBytes: MIB })),
      );
      expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha256Of(bytes)]));
      expect(results.filter((r) => !r.alreadyStored)).toHaveLength(1);
      expect(await fixture.visibleNames()).toEqual([sha256Of(bytes)]);
      expect((await readAll(await store.get(sha256Of(bytes)))).equals(bytes)).toBe(true);
    });

    it('removes content for good, and stores the same bytes again afterwards', async () => {
      const bytes = randomBytes(150 * KIB);
      const { sha256 } = await store.put(chunked(bytes, 40_000), { maxBytes: MIB });
      expect(await store.remove(sha256)).toBe(true);
      expect(await store.has(sha256)).toBe(false);
      await expect(store.get(sha256)).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });
      expect(await fixture.visibleNames()).not.toContain(sha256);
      expect(await store.remove(sha256)).toBe(false);
      expect(await store.put(chunked(bytes, 40_000), { maxBytes: MIB })).toMatchObject({
        alreadyStored: false,
      });
      expect((await readAll(await store.get(sha256))).equals(bytes)).toBe(true);
    });

    it('answers unknown hashes with ARTEFACT_NOT_FOUND and refuses anything that is not a hash', async () => {
      const unknown = sha256Of(Buffer.from('never stored'));
      expect(await store.has(unknown)).toBe(false);
      await expect(store.get(unknown)).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });
      await expect(store.stat(unknown)).rejects.toMatchObject({ code: 'ARTEFACT_NOT_FOUND' });
      for (const bad of ['../../etc/passwd', unknown.toUpperCase(), `${unknown}0`, '']) {
        await expect(store.get(bad)).rejects.toMatchObject({ code: 'ARTEFACT_ID_INVALID' });
        await expect(store.has(bad)).rejects.toMatchObject({ code: 'ARTEFACT_ID_INVALID' });
      }
    });
  });
}
