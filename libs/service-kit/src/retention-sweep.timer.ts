import type { Logger } from 'winston';
import type { PlatformConsumer } from './consumer-registry';

/** Who a sweep the timer runs is recorded as. */
export const RETENTION_ACTOR = 'system:retention';

/** A service's retention sweep (ingest's artefacts, reporting's outputs), as its sweep command runs it. */
export interface RetentionSweeper {
  sweep(request: { commandId: string; actor: string; dryRun: boolean }, now: Date): Promise<unknown>;
}

/**
 * Runs a retention sweep every `intervalMs` (the service's FAI_<SERVICE>_RETENTION_SWEEP_INTERVAL_MS),
 * one at a time. Replicas may sweep at once: each deletion is decided again under the service's
 * retention lock, so none is made twice.
 */
export class RetentionSweepTimer implements PlatformConsumer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly sweeps: RetentionSweeper,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    this.timer = setInterval(() => {
      if (this.running) return;
      const at = new Date();
      this.running = this.sweeps
        .sweep(
          { commandId: `retention-timer-${at.toISOString()}`, actor: RETENTION_ACTOR, dryRun: false },
          at,
        )
        .catch((error: unknown) => this.logger.error('retention sweep failed', { error }))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
