import { FaiError } from '@fai/contracts';

/** A condition a test waited for never held. */
export class WaitTimedOutError extends FaiError {
  constructor(what: string, timeoutMs: number) {
    super({
      code: 'WAIT_TIMED_OUT',
      message: `timed out after ${timeoutMs} ms waiting for ${what}`,
      hint: 'The awaited effect never showed: check the service under test for errors (dead letters, logs), or its start-up on a loaded machine.',
      details: { what, timeoutMs },
    });
  }
}

/**
 * Polls `probe` every `pollMs` until it returns something other than undefined and returns that;
 * fails naming `what` after `timeoutMs`. A probe that throws fails at once, so a probe can stop
 * the wait early (a child process that exited); one that expects transient errors catches them.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  pollMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new WaitTimedOutError(what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
