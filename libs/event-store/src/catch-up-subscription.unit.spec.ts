import { CatchUpSubscription, type GlobalLogSource } from './catch-up-subscription';
import { type GlobalBatch, type GlobalCheckpoint, type RecordedEvent } from './types';

/** A log of `size` events in memory; each read is recorded with how many batches were handled by then. */
function memoryLog(size: number, heldBack: () => boolean = () => false) {
  const events = Array.from({ length: size }, (_, i) => ({ globalPosition: BigInt(i + 1) }) as RecordedEvent);
  const reads: Array<{ from: bigint; handled: number }> = [];
  let handled = 0;
  const source: GlobalLogSource = {
    async read(from: GlobalCheckpoint, maxCount: number): Promise<GlobalBatch> {
      reads.push({ from: from.position, handled });
      const batch = events.filter((event) => event.globalPosition > from.position).slice(0, maxCount);
      const last = batch[batch.length - 1];
      return {
        events: batch,
        checkpoint: last ? { transactionId: 1n, position: last.globalPosition } : from,
      };
    },
    listen: async () => async () => undefined,
    heldBack: async () => heldBack(),
  };
  return {
    source,
    reads,
    handledOne: () => {
      handled += 1;
    },
  };
}

describe('CatchUpSubscription', () => {
  it('reads the next full batch while the handler works on the current one, handing over each once in order', async () => {
    const log = memoryLog(25);
    const seen: bigint[] = [];
    const subscription = new CatchUpSubscription(
      log.source,
      async (events) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(...events.map((event) => event.globalPosition));
        log.handledOne();
      },
      { batchSize: 10, pollIntervalMs: 60_000 },
    );
    await subscription.caughtUp;
    await subscription.stop();
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i + 1)));
    expect(log.reads.slice(0, 3)).toEqual([
      { from: 0n, handled: 0 },
      { from: 10n, handled: 0 },
      { from: 20n, handled: 1 },
    ]);
  });

  it('reads again within milliseconds while committed events are held back, not after the polling interval', async () => {
    let held = true;
    const log = memoryLog(0, () => held);
    const subscription = new CatchUpSubscription(log.source, async () => undefined, {
      batchSize: 10,
      pollIntervalMs: 60_000,
    });
    await subscription.caughtUp;
    await new Promise((resolve) => setTimeout(resolve, 100));
    held = false;
    const readsWhileHeld = log.reads.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await subscription.stop();
    expect(readsWhileHeld).toBeGreaterThan(3);
    // Once nothing is held back it waits for a notification again.
    expect(log.reads.length - readsWhileHeld).toBeLessThanOrEqual(1);
  });
});
