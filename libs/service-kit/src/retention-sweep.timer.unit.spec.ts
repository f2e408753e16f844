import { createLogger, transports } from 'winston';
import { RETENTION_ACTOR, RetentionSweepTimer, type RetentionSweeper } from './retention-sweep.timer';

const logger = createLogger({ transports: [new transports.Console({ silent: true })] });

describe('the retention sweep timer', () => {
  it('sweeps every interval as system:retention, one sweep at a time, and waits for the running one on drain', async () => {
    jest.useFakeTimers();
    try {
      const requests: Array<{ commandId: string; actor: string; dryRun: boolean }> = [];
      let finish: () => void = () => undefined;
      const sweeper: RetentionSweeper = {
        sweep: (request) => {
          requests.push(request);
          return new Promise<void>((resolve) => (finish = resolve));
        },
      };
      const timer = new RetentionSweepTimer(sweeper, 1000, logger);
      await timer.start();
      jest.advanceTimersByTime(3500);
      // Still running: later ticks start no second sweep.
      expect(requests).toEqual([
        { commandId: expect.stringMatching(/^retention-timer-/), actor: RETENTION_ACTOR, dryRun: false },
      ]);
      let drained = false;
      const draining = timer.drain().then(() => (drained = true));
      await Promise.resolve();
      expect(drained).toBe(false);
      finish();
      await draining;
      jest.advanceTimersByTime(5000);
      expect(requests).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
