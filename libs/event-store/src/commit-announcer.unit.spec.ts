import { CommitAnnouncer } from './commit-announcer';

describe('CommitAnnouncer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('announces a lone commit at once and a burst with at most two notifications, spaced by the gap', async () => {
    const sent: number[] = [];
    let clock = 0;
    let finish: () => void = () => undefined;
    const announcer = new CommitAnnouncer(
      () => {
        sent.push(clock);
        return new Promise<void>((resolve) => (finish = resolve));
      },
      5,
      () => clock,
    );

    announcer.announce();
    expect(sent).toEqual([0]);
    // Commits while the first notification is in flight: one follow-up, however many.
    for (let i = 0; i < 10; i++) announcer.announce();
    clock = 1;
    finish();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([0]);
    // The follow-up waits for the gap, and covers the commits made meanwhile.
    clock = 5;
    jest.advanceTimersByTime(4);
    expect(sent).toEqual([0, 5]);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    clock = 100;
    announcer.announce();
    expect(sent).toEqual([0, 5, 100]);
  });
});
