import { ProcessLocalLeaderLock } from './relay-leader-lock';

describe('ProcessLocalLeaderLock', () => {
  it('lets one holder lead until it releases, once', async () => {
    const lock = new ProcessLocalLeaderLock();
    const first = await lock.tryAcquire();
    expect(first).toBeDefined();
    expect(await lock.tryAcquire()).toBeUndefined();
    await first!.release();
    const second = await lock.tryAcquire();
    expect(second).toBeDefined();
    // A stale second release must not free the new holder's lead.
    await first!.release();
    expect(await lock.tryAcquire()).toBeUndefined();
    await second!.release();
  });
});
