import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { NATS_URL, PG_URL } from '@fai/testing';
import {
  createRelayWorld,
  newEvent,
  readLog,
  storedEventCount,
  streamMessageCount,
  streamMessages,
  until,
  type RelayWorld,
} from '../test/relay-fixtures';

/**
 * The relay as the separate process it is in production (`dist/relay-main.js`), killed with
 * SIGKILL at random moments. The compiled entry point is built here with `tsc -b libs/messaging`
 * (incremental: quick when `npm run build` already ran).
 */
const ROOT = resolve(__dirname, '../../..');
const RELAY_MAIN = resolve(ROOT, 'libs/messaging/dist/relay-main.js');

class RelayProcess {
  private output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [RELAY_MAIN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get leading(): boolean {
    return this.output.includes('"message":"relay is leading"');
  }

  get log(): string {
    return this.output;
  }

  async kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Appends continuously from two concurrent writers (so commits interleave) until stopped. */
function startWriters(world: RelayWorld, streams: string[]) {
  let stopped = false;
  let n = 0;
  const writer = async () => {
    while (!stopped) {
      const streamId = streams[Math.floor(Math.random() * streams.length)];
      const events = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => newEvent(n++));
      await world.store.append(streamId, events, { expectedVersion: 'any' });
      await new Promise((done) => setTimeout(done, 3));
    }
  };
  const done = Promise.all([writer(), writer()]);
  return async () => {
    stopped = true;
    await done;
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('relay process', () => {
  let world: RelayWorld;
  const processes: RelayProcess[] = [];
  let stopWriters: (() => Promise<void>) | undefined;

  beforeAll(() => {
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'libs/messaging'], {
        cwd: ROOT,
        stdio: 'pipe',
      });
    } catch (error) {
      throw new Error(`building the relay entry point failed:\n${(error as { stdout?: Buffer }).stdout}`);
    }
  }, 180_000);

  beforeEach(async () => {
    world = await createRelayWorld('relayp');
  });

  afterEach(async () => {
    await stopWriters?.();
    await Promise.all(processes.splice(0).map((relay) => relay.kill('SIGKILL')));
    await world?.close();
  });

  function startRelay(): RelayProcess {
    const relay = new RelayProcess({
      FAI_PG_URL: PG_URL,
      FAI_NATS_URL: NATS_URL,
      FAI_PG_SCHEMA: world.test.schema,
      FAI_SERVICE_CONTEXT: world.context,
      FAI_RELAY_NAME: 'main',
      FAI_RELAY_BATCH_SIZE: '25',
      FAI_RELAY_POLL_INTERVAL_MS: '50',
      FAI_RELAY_STANDBY_RETRY_MS: '50',
    });
    processes.push(relay);
    return relay;
  }

  const published = () => streamMessageCount(world.jsm, world.streamName);

  /** Every stored event on the stream exactly once, in global log order, hence in order per stream. */
  async function expectStreamMirrorsLog(): Promise<void> {
    const log = await readLog(world.store);
    const messages = await streamMessages(world.jsm, world.streamName);
    expect(new Set(messages.map((m) => m.msgId)).size).toBe(messages.length);
    expect(messages.map((m) => m.msgId)).toEqual(log.map((e) => e.eventId));
    const versions = new Map<string, number[]>();
    for (const { cloudEvent } of messages) {
      versions.set(cloudEvent.faistream!, [
        ...(versions.get(cloudEvent.faistream!) ?? []),
        cloudEvent.faistreamversion!,
      ]);
    }
    for (const seen of versions.values()) expect(seen).toEqual(seen.map((_, i) => i));
  }

  /** Events at or before the relay's checkpoint: what it has published for sure. */
  async function checkpointed(): Promise<number> {
    const { rows } = await world.test.db.query<{ count: string }>(
      `SELECT count(*) AS count FROM "${world.test.schema}".events e
         JOIN "${world.test.schema}".relay_checkpoints c ON c.name = 'main'
        WHERE (e.transaction_id, e.global_position) <= (c.transaction_id, c.position)`,
    );
    return Number(rows[0].count);
  }

  it('publishes every event exactly once, without gaps, across repeated kill -9 while writers append', async () => {
    stopWriters = startWriters(world, ['artefact-1', 'artefact-2', 'inventory-1', 'run-1']);
    let relay = startRelay();
    // Events on the stream past the checkpoint at a kill: the next relay publishes them again.
    let republishedAfterKills = 0;
    const killAndRestart = async () => {
      await relay.kill('SIGKILL');
      republishedAfterKills += (await published()) - (await checkpointed());
      relay = startRelay();
    };
    for (let kill = 0; kill < 4; kill += 1) {
      const before = await published();
      await until(async () => (await published()) > before + 25, 20_000, `progress before kill ${kill + 1}`);
      await sleep(Math.random() * 200);
      await killAndRestart();
    }
    // Random kills may all miss the moment between PubAck and checkpoint; make sure one hits it.
    for (let attempt = 0; attempt < 20 && republishedAfterKills === 0; attempt += 1) {
      await until(async () => (await published()) > (await checkpointed()), 20_000, 'a batch in flight');
      await killAndRestart();
    }
    expect(republishedAfterKills).toBeGreaterThan(0);
    await stopWriters();
    const total = await storedEventCount(world);
    await until(async () => (await published()) >= total, 30_000, `all ${total} events published`);
    await expect(relay.kill('SIGTERM')).resolves.toBe(0);
    await expectStreamMirrorsLog();
  }, 90_000);

  it('lets a standby take over when the leader is killed', async () => {
    const leader = startRelay();
    await until(() => leader.leading, 15_000, 'first relay leading');
    const standby = startRelay();
    await sleep(500);
    expect(standby.leading).toBe(false);

    stopWriters = startWriters(world, ['a', 'b']);
    await until(async () => (await published()) > 20, 15_000, 'leader publishing');
    await leader.kill('SIGKILL');
    await until(() => standby.leading, 15_000, 'standby leading');
    await stopWriters();
    const total = await storedEventCount(world);
    await until(async () => (await published()) >= total, 15_000, `all ${total} events published`);
    await expectStreamMirrorsLog();
  }, 60_000);
});
