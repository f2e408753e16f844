import type { BatchHandler, GlobalBatch, GlobalCheckpoint, SubscribeOptions, Subscription } from './types';
import { START } from './types';

export interface GlobalLogSource {
  read(from: GlobalCheckpoint, maxCount: number): Promise<GlobalBatch>;
  /** Calls back on every commit notification; resolves to the function that stops listening. */
  listen(onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * Whether committed events wait behind an older transaction still open. Their commits were
   * announced already, and the end of the transaction holding them back announces nothing.
   */
  heldBack?(): Promise<boolean>;
}

/** First re-read after events were held back; doubles up to the polling interval. */
const HELD_BACK_RETRY_MS = 2;

/**
 * Reads the global log from a checkpoint in batches until it is caught up, then waits for a
 * commit notification (or the polling interval, in case a notification is lost) and reads again.
 * While committed events are held back by an older open transaction it re-reads after a few
 * milliseconds instead. The handler sees every batch in order; while it works on a full batch the
 * next one is already being read.
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
    let prefetched: Promise<GlobalBatch> | undefined;
    let heldBackRetryMs = HELD_BACK_RETRY_MS;
    while (!this.stopped) {
      let wait = pollIntervalMs;
      try {
        unlisten ??= await this.source.listen(this.notify);
        this.pending = false;
        const batch = await (prefetched ?? this.source.read(checkpoint, batchSize));
        prefetched = undefined;
        if (batch.events.length === batchSize) {
          // An earlier look at the log is still a correct prefix of it: events below the horizon never change.
          prefetched = this.source.read(batch.checkpoint, batchSize);
          prefetched.catch(() => undefined);
        }
        if (batch.events.length > 0) {
          heldBackRetryMs = HELD_BACK_RETRY_MS;
          await this.handler(batch.events, batch.checkpoint);
          checkpoint = batch.checkpoint;
          if (prefetched) continue;
        }
        this.markCaughtUp();
        // Backs off while nothing comes through, from a few milliseconds again after progress.
        if (await this.source.heldBack?.()) {
          wait = heldBackRetryMs;
          heldBackRetryMs = Math.min(heldBackRetryMs * 2, pollIntervalMs);
        }
      } catch (error) {
        prefetched = undefined;
        this.options.onError?.(error);
        await unlisten?.().catch(() => undefined);
        unlisten = undefined;
        // After a failure (database down, handler error) wait a full interval: never spin.
        this.pending = false;
      }
      if (!this.pending && !this.stopped) await this.sleep(wait);
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
