import { StartSequence } from './start-sequence';

describe('StartSequence', () => {
  it('given parts started in order, when drained, then they stop in reverse with the timeout', async () => {
    const log: string[] = [];
    const part = (name: string) => async () => {
      log.push(`start ${name}`);
      return (timeoutMs?: number) => void log.push(`stop ${name} ${timeoutMs}`);
    };
    const sequence = new StartSequence([part('tables'), part('consumer')]);
    await sequence.start();
    await sequence.drain(500);
    expect(log).toEqual(['start tables', 'start consumer', 'stop consumer 500', 'stop tables 500']);
  });

  it('given a step that failed, when started again, then it carries on from that step', async () => {
    let attempts = 0;
    const started: string[] = [];
    const sequence = new StartSequence([
      async () => {
        started.push('first');
        return () => undefined;
      },
      async () => {
        if (++attempts === 1) throw new Error('not yet');
        started.push('second');
        return () => undefined;
      },
    ]);
    await expect(sequence.start()).rejects.toThrow('not yet');
    await sequence.start();
    expect(started).toEqual(['first', 'second']);
  });
});
