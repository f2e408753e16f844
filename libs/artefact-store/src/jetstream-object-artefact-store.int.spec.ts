import { randomBytes } from 'node:crypto';
import { NATS_URL, uniqueName } from '@fai/testing';
import { connect, headers, type JetStreamManager, type NatsConnection, type ObjectStore } from 'nats';
import { JetStreamObjectArtefactStore } from './jetstream-object-artefact-store';
import {
  chunked,
  describeArtefactStoreContract,
  readAll,
  sha256Of,
  type ArtefactStoreFixture,
} from './testing/artefact-store.contract';

const KIB = 1024;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await nc.jetstreamManager();
});

afterAll(async () => {
  await nc.close();
});

const metaSubject = (bucket: string, name: string) =>
  `$O.${bucket}.M.${Buffer.from(name).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;

interface NatsFixture extends ArtefactStoreFixture {
  bucket: string;
  stream: string;
  os: ObjectStore;
  store: JetStreamObjectArtefactStore;
  messages(): Promise<number>;
}

async function openFixture(): Promise<NatsFixture> {
  const bucket = uniqueName('artefacts');
  const stream = `OBJ_${bucket}`;
  const store = new JetStreamObjectArtefactStore(nc, bucket);
  const os = await nc.jetstream().views.os(bucket);
  return {
    bucket,
    stream,
    os,
    store,
    // Points the object at other bytes whose nats.js digest is consistent: only our sha256 check can notice.
    async tamper(sha256) {
      const other = `tamper-${sha256}`;
      await os.putBlob({ name: other }, randomBytes(1000));
      const raw = await jsm.streams.getMessage(stream, { last_by_subj: metaSubject(bucket, other) });
      const h = headers();
      h.set('Nats-Rollup', 'sub');
      await nc
        .jetstream()
        .publish(metaSubject(bucket, sha256), JSON.stringify({ ...raw.json<object>(), name: sha256 }), {
          headers: h,
        });
      await jsm.streams.purge(stream, { filter: metaSubject(bucket, other) });
    },
    visibleNames: async () => (await os.list()).filter((info) => !info.deleted).map((info) => info.name),
    messages: async () => (await jsm.streams.info(stream)).state.messages,
    dispose: async () => {
      await jsm.streams.delete(stream).catch(() => undefined);
    },
  };
}

describeArtefactStoreContract('NATS JetStream object store', openFixture);

describe('JetStreamObjectArtefactStore', () => {
  let fixture: NatsFixture;

  beforeEach(async () => {
    fixture = await openFixture();
  });

  afterEach(async () => {
    await fixture.dispose();
  });

  it('shows nothing while chunks are being written; the object appears with its meta message', async () => {
    const bytes = randomBytes(512 * KIB);
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const upload = (async function* () {
      yield bytes.subarray(0, 384 * KIB);
      await gate;
      yield bytes.subarray(384 * KIB);
    })();
    const put = fixture.store.put(upload, { maxBytes: 1024 * KIB });
    await waitFor(async () => (await fixture.messages()) >= 3);

    expect(await fixture.store.has(sha256Of(bytes))).toBe(false);
    expect(await fixture.visibleNames()).toEqual([]);
    release();
    const stored = await put;
    expect(await fixture.visibleNames()).toEqual([stored.sha256]);
    expect(await fixture.messages()).toBe(4 + 1);
  });

  it('purges the chunks of an upload refused for its size', async () => {
    const source = chunked(randomBytes(600 * KIB), 100 * KIB);
    await expect(fixture.store.put(source, { maxBytes: 450 * KIB })).rejects.toMatchObject({
      code: 'ARTEFACT_TOO_LARGE',
    });
    expect(await fixture.messages()).toBe(0);
  });

  it('purges its own chunks when the same bytes are already stored', async () => {
    const bytes = randomBytes(300 * KIB);
    await fixture.store.put(chunked(bytes, 64 * KIB), { maxBytes: 1024 * KIB });
    const before = await fixture.messages();
    await expect(
      fixture.store.put(chunked(bytes, 64 * KIB), { maxBytes: 1024 * KIB }),
    ).resolves.toMatchObject({ alreadyStored: true });
    expect(await fixture.messages()).toBe(before);
  });

  it('writes objects that plain nats.js reads and checks with its own digest', async () => {
    const bytes = randomBytes(200 * KIB + 3);
    const { sha256 } = await fixture.store.put(chunked(bytes, 50 * KIB), { maxBytes: 1024 * KIB });
    const info = await fixture.os.info(sha256);
    expect(info).toMatchObject({ name: sha256, size: bytes.length, chunks: 2, deleted: false });
    expect(Buffer.from((await fixture.os.getBlob(sha256)) ?? []).equals(bytes)).toBe(true);
  });

  it('reports a missing chunk, and an object whose chunks are all gone, as corrupted instead of waiting', async () => {
    const { sha256 } = await fixture.store.put(chunked(randomBytes(300 * KIB), 64 * KIB), {
      maxBytes: 1024 * KIB,
    });
    const info = await fixture.os.info(sha256);
    const chunkSubject = `$O.${fixture.bucket}.C.${info?.nuid}`;
    const first = await jsm.streams.getMessage(fixture.stream, {
      seq: (await jsm.streams.info(fixture.stream)).state.first_seq,
    });
    expect(first.subject).toBe(chunkSubject);
    await jsm.streams.deleteMessage(fixture.stream, first.seq);
    await expect(fixture.store.get(sha256).then(readAll)).rejects.toMatchObject({
      code: 'ARTEFACT_CORRUPTED',
    });

    await jsm.streams.purge(fixture.stream, { filter: chunkSubject });
    await expect(fixture.store.get(sha256)).rejects.toMatchObject({ code: 'ARTEFACT_CORRUPTED' });
  });

  it('stores bytes again after their object was deleted', async () => {
    const bytes = randomBytes(10 * KIB);
    const { sha256 } = await fixture.store.put(chunked(bytes, KIB), { maxBytes: 1024 * KIB });
    await fixture.os.delete(sha256);
    expect(await fixture.store.has(sha256)).toBe(false);
    await expect(fixture.store.put(chunked(bytes, KIB), { maxBytes: 1024 * KIB })).resolves.toMatchObject({
      alreadyStored: false,
    });
    expect((await readAll(await fixture.store.get(sha256))).equals(bytes)).toBe(true);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 10));
  }
}
