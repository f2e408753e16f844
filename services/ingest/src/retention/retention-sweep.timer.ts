import type { Logger } from 'winston';
import type { RetentionSweepService } from './retention-sweep.service';

export const RETENTION_ACTOR = 'system:retention';

/**
 * Runs a retention sweep every `intervalMs` (FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS). Replicas may
 * sweep at once: each deletion is decided again under the retention lock, so none is made twice.
 */
export class RetentionSweepTimer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly sweeps: RetentionSweepService,
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
