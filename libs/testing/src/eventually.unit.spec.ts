import { eventually, WaitTimedOutError } from './eventually';

describe('eventually', () => {
  it('polls until the probe returns a value, and returns it', async () => {
    let calls = 0;
    const value = await eventually('the third call', () => (++calls === 3 ? 'found' : undefined), 1_000, 1);
    expect([value, calls]).toEqual(['found', 3]);
  });

  it('keeps a falsy value other than undefined', async () => {
    expect(await eventually('zero', async () => 0, 1_000)).toBe(0);
  });

  it('fails naming what it waited for once the time is up', async () => {
    const waiting = eventually('a value that never comes', () => undefined, 20, 5);
    await expect(waiting).rejects.toBeInstanceOf(WaitTimedOutError);
    await expect(waiting).rejects.toMatchObject({
      code: 'WAIT_TIMED_OUT',
      message: 'timed out after 20 ms waiting for a value that never comes',
    });
  });

  it('stops at once when the probe throws', async () => {
    const started = Date.now();
    await expect(
      eventually(
        'a process that exited',
        () => {
          throw new Error('exited');
        },
        10_000,
      ),
    ).rejects.toThrow('exited');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
