import { Client, type ClientConfig } from 'pg';

/** Held while this instance is the one allowed to run; `lost` resolves if the hold ends on its own. */
export interface Leadership {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** One active instance per name (relays, projections): whoever holds the lock leads, the others wait. */
export interface LeaderLock {
  /** Tries once, without waiting; undefined when another instance leads. */
  tryAcquire(): Promise<Leadership | undefined>;
}

/**
 * Leader election with a PostgreSQL session advisory lock on a connection of its own: the lock
 * lives exactly as long as that session, so a leader that dies (even by kill -9) releases it as
 * soon as the server notices the connection is gone, and a standby's next try succeeds.
 */
export class PgAdvisoryLeaderLock implements LeaderLock {
  constructor(
    private readonly connection: ClientConfig,
    /** Namespaced by the caller, e.g. `<schema>:relay:<name>`; hashed to the lock's 64-bit key. */
    readonly key: string,
  ) {}

  async tryAcquire(): Promise<Leadership | undefined> {
    // Keep-alive lets a leader on a half-dead connection find out, and the server reap the session.
    const client = new Client({ ...this.connection, keepAlive: true });
    const lost = new Promise<void>((resolve) => {
      client.on('error', () => resolve());
      client.on('end', () => resolve());
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
        [this.key],
      );
      if (rows[0].acquired) return { lost, release: () => client.end().catch(() => undefined) };
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    await client.end();
    return undefined;
  }
}

/**
 * Leader election among the instances of one process, for the embedded demo (one PGlite
 * connection, no second session to hold an advisory lock on): instances that share this
 * object compete for it.
 */
export class ProcessLocalLeaderLock implements LeaderLock {
  private taken = false;

  async tryAcquire(): Promise<Leadership | undefined> {
    if (this.taken) return undefined;
    this.taken = true;
    let holding = true;
    return {
      // Nothing but release ends an in-process hold.
      lost: new Promise<void>(() => undefined),
      release: async () => {
        if (holding) this.taken = false;
        holding = false;
      },
    };
  }
}

export interface LeaderLoopOptions {
  lock: LeaderLock;
  /** How often a standby tries to take the lead; default 1 s. */
  standbyRetryMs?: number;
  /** What leads, for the logs: e.g. `relay scheduler`. */
  what: string;
  logger?: { warn(message: string, meta?: Record<string, unknown>): unknown };
}

/**
 * Leads while it holds the lock and stands by while another instance does. `lead` runs until the
 * leader stops or loses the lead; if it throws, this instance steps down, releases the lock and
 * stands by before trying again. Shared by the relay and the projection runners.
 */
export class LeaderLoop {
  private stopping = false;
  private wakeStandby?: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly options: LeaderLoopOptions,
    private readonly lead: (leadership: Leadership) => Promise<void>,
  ) {}

  start(): void {
    this.stopping = false;
    this.running = this.run();
  }

  /** Stops standing by; a leader must be told to stop by its own means, then this waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeStandby?.();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    const { lock, what, logger } = this.options;
    while (!this.stopping) {
      const leadership = await lock.tryAcquire().catch((error: unknown) => {
        logger?.warn(`${what} could not try for the lead`, { error });
        return undefined;
      });
      if (!leadership) {
        await this.standBy();
        continue;
      }
      const failure = await this.lead(leadership).then(
        () => undefined,
        (error: unknown) => error,
      );
      await leadership.release();
      if (failure !== undefined) {
        logger?.warn(`${what} stepped down after an error`, { error: failure });
        await this.standBy();
      }
    }
  }

  private standBy(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.standbyRetryMs ?? 1_000);
      this.wakeStandby = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
