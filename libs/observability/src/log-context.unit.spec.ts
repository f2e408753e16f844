import { currentLogContext, withLogContext } from './log-context';

describe('withLogContext', () => {
  it('is empty outside any context', () => {
    expect(currentLogContext()).toEqual({});
  });

  it('merges with the enclosing context and restores it afterwards', () => {
    const seen = withLogContext({ cycleId: 'c-1', stage: 'ingest' }, () => {
      const inner = withLogContext({ stage: 'extract', fundId: 'f-1' }, currentLogContext);
      return { inner, outer: currentLogContext() };
    });

    expect(seen.inner).toEqual({ cycleId: 'c-1', stage: 'extract', fundId: 'f-1' });
    expect(seen.outer).toEqual({ cycleId: 'c-1', stage: 'ingest' });
    expect(currentLogContext()).toEqual({});
  });

  it('keeps the outer value where the inner field is undefined and drops unknown keys', () => {
    const context = withLogContext({ runId: 'r-1' }, () =>
      withLogContext({ runId: undefined, password: 'x' } as never, currentLogContext),
    );

    expect(context).toEqual({ runId: 'r-1' });
  });

  it('follows the work across awaits and keeps concurrent work apart', async () => {
    const runFor = (runId: string, delayMs: number) =>
      withLogContext({ runId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return currentLogContext().runId;
      });

    await expect(Promise.all([runFor('r-1', 5), runFor('r-2', 1)])).resolves.toEqual(['r-1', 'r-2']);
  });

  it('returns what the work returns', () => {
    expect(withLogContext({ userId: 'u-1' }, () => 42)).toBe(42);
  });
});
