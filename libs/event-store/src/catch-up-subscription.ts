import type { BatchHandler, GlobalBatch, GlobalCheckpoint, SubscribeOptions, Subscription } from './types';
import { START } from './types';

export interface GlobalLogSource {
  read(from: GlobalCheckpoint, maxCount: number): Promise<GlobalBatch>;
  /** Calls back on every commit notification; resolves to the function that stops listening. */
  listen(onNotify: () => void): Promise<() => Promise<void>>;
}

/**
 * Reads the global log from a checkpoint in batches until it is caught up, then waits for a
 * commit notification (or the polling interval, in case a notification is lost or an older
 * transaction was still holding the horizon back) and reads again. The handler sees every
 * batch in order; the next read starts only after it resolves.
 */
export class CatchUpSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private stopped = false;
  private pending = true;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly source: GlobalLogSource,
    private readonly handler: BatchHandler,
    private readonly options: SubscribeOptions,
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private notify = () => {
    this.pending = true;
    this.wake?.();
  };

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    let checkpoint = this.options.from ?? START;
    let unlisten: (() => Promise<void>) | undefined;
    while (!this.stopped) {
      try {
        unlisten ??= await this.source.listen(this.notify);
        this.pending = false;
        const batch = await this.source.read(checkpoint, batchSize);
        if (batch.events.length > 0) {
          await this.handler(batch.events, batch.checkpoint);
          checkpoint = batch.checkpoint;
          if (batch.events.length === batchSize) continue;
        }
        this.markCaughtUp();
      } catch (error) {
        this.options.onError?.(error);
        await unlisten?.().catch(() => undefined);
        unlisten = undefined;
        // After a failure (database down, handler error) wait a full interval: never spin.
        this.pending = false;
      }
      if (!this.pending && !this.stopped) await this.sleep(pollIntervalMs);
    }
    await unlisten?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}
