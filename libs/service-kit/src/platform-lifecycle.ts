import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PostgresEventStore } from '@fai/event-store';
import { EventRelay } from '@fai/messaging';
import type { Logger } from 'winston';
import { ServiceCommands } from './command-server';
import { ConsumerRegistry } from './consumer-registry';
import type { PlatformBackend } from './platform-backend';
import type { PlatformConfig } from './platform-config';
import { FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND } from './platform.tokens';

export type PlatformPhase = 'starting' | 'started' | 'stopping';

export interface PlatformStatus {
  phase: PlatformPhase;
  /** While starting: the step being retried and why it failed last. */
  problem?: string;
}

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;

/**
 * Start-up and shutdown of the platform's resources, in order.
 *
 * Start-up runs after HTTP is up, so `/health/live` answers while it waits: it migrates the event
 * store, prepares the bus (the JetStream streams), starts the relay, the consumers and then the
 * service's command servers, retrying each step
 * with backoff until it succeeds (PostgreSQL may come up after the service). Until then readiness
 * names the step and its last error.
 *
 * Shutdown: readiness turns 503 first (`beginShutdown`), Nest stops HTTP, then the command servers
 * stop, consumers drain, the relay stops, command clients close, and the backend closes (NATS
 * drains, the pool closes).
 */
@Injectable()
export class PlatformLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private phase: PlatformPhase = 'starting';
  private problem?: string;
  private startup?: Promise<void>;
  private interruptRetry?: () => void;

  constructor(
    @Inject(FAI_CONFIG) private readonly config: PlatformConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
    private readonly store: PostgresEventStore,
    private readonly relay: EventRelay,
    private readonly consumers: ConsumerRegistry,
    private readonly commands: ServiceCommands,
  ) {}

  status(): PlatformStatus {
    return this.problem === undefined ? { phase: this.phase } : { phase: this.phase, problem: this.problem };
  }

  onApplicationBootstrap(): void {
    // Not awaited: Nest starts listening only after its bootstrap hooks, and the probes must answer meanwhile.
    this.startup = this.start();
  }

  /**
   * Resolves once start-up has finished (store migrated, bus prepared, relay and consumers started),
   * or was cut short by shutdown: `status()` says which. Call after the application initialised.
   */
  whenStarted(): Promise<void> {
    return this.startup ?? Promise.resolve();
  }

  /** Readiness answers 503 from now on; idempotent. */
  beginShutdown(): void {
    if (this.phase === 'stopping') return;
    this.phase = 'stopping';
    this.problem = undefined;
    this.interruptRetry?.();
  }

  beforeApplicationShutdown(): void {
    this.beginShutdown();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.startup;
    await this.commands.stopServing();
    // Half the grace for handlers in flight leaves the other half for the relay, NATS and the pool.
    await this.consumers.drainAll(Math.floor(this.config.FAI_SHUTDOWN_GRACE_MS / 2));
    await this.relay.stop();
    await this.commands.closeClients();
    await this.backend.close();
    this.logger.info('platform stopped');
  }

  private async start(): Promise<void> {
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['migrating the event store', () => this.store.migrate()],
      ['preparing the message bus', () => this.backend.prepareBus()],
      ['starting the event relay', () => this.relay.start()],
      ['starting the consumers', () => this.consumers.startAll()],
      ['starting the command servers', () => this.commands.startServing()],
    ];
    for (const [step, run] of steps) {
      if (!(await this.untilDone(step, run))) return;
    }
    if (this.phase !== 'starting') return;
    this.phase = 'started';
    this.logger.info('platform started', { schema: this.config.FAI_PG_SCHEMA });
  }

  /** Runs `step` until it succeeds (true) or shutdown begins (false). */
  private async untilDone(step: string, run: () => Promise<unknown>): Promise<boolean> {
    for (let attempt = 1; this.phase === 'starting'; attempt++) {
      try {
        await run();
        this.problem = undefined;
        return true;
      } catch (error) {
        if (this.phase !== 'starting') return false;
        this.problem = `${step} failed: ${(error as Error).message}`;
        this.logger.warn(`start-up step failed, retrying: ${step}`, { attempt, error });
        await this.pause(Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS));
      }
    }
    return false;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interruptRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
