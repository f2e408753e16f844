import { PgliteDatabase } from '@fai/event-store';
import {
  InProcessBus,
  InProcessCommandBus,
  inProcessCommandTransport,
  inProcessMessageBus,
  ProcessLocalLeaderLock,
  type CommandTransport,
  type LeaderLock,
  type MessageBus,
} from '@fai/messaging';

/**
 * The embedded default (ARCHITECTURE.md): every service in one process on one PGlite database, one
 * in-process event bus and in-process commands, behind the same interfaces as PostgreSQL and NATS.
 * Open one per process, pass it to each service's FaiPlatformModule, close it after the services.
 */
export class EmbeddedRuntime {
  readonly bus: MessageBus;
  readonly commands: CommandTransport;
  private readonly events = new InProcessBus();
  private readonly locks = new Map<string, ProcessLocalLeaderLock>();

  private constructor(readonly database: PgliteDatabase) {
    this.bus = inProcessMessageBus(this.events);
    this.commands = inProcessCommandTransport(new InProcessCommandBus());
  }

  /** `dataDir` keeps the database on disk; without it everything lives in memory. */
  static async open(dataDir?: string): Promise<EmbeddedRuntime> {
    return new EmbeddedRuntime(await PgliteDatabase.open(dataDir));
  }

  /** Instances asking for the same key compete for one leadership, as advisory locks do across processes. */
  leaderLock(key: string): LeaderLock {
    let lock = this.locks.get(key);
    if (!lock) {
      lock = new ProcessLocalLeaderLock();
      this.locks.set(key, lock);
    }
    return lock;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.database.close();
  }
}
