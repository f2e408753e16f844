import { FaiError, type ErrorBody } from '@fai/contracts';

/** The owning service refused or failed the command; `code` is the one the service replied with. */
export class CommandFailedError extends FaiError {
  constructor(
    readonly subject: string,
    reply: ErrorBody,
  ) {
    // The reply passes through unchanged so the gateway can hand it to the caller as it is.
    super(reply);
  }
}

export class CommandTimeoutError extends FaiError {
  constructor(subject: string, timeoutMs: number) {
    super({
      code: 'COMMAND_TIMEOUT',
      message: `no reply to ${subject} within ${timeoutMs} ms`,
      hint: 'The command may still be applied: check its effect before retrying, or retry with the same command id.',
      details: { subject, timeoutMs },
    });
  }
}

export class CommandUnavailableError extends FaiError {
  constructor(subject: string, cause?: string) {
    super({
      code: 'COMMAND_UNAVAILABLE',
      message: `no service answers ${subject}${cause ? `: ${cause}` : ''}`,
      hint: 'Check that the owning service is running and connected to NATS, then retry.',
      details: { subject },
    });
  }
}

/** The reply body for a failed command: a FaiError as it is, anything else as an opaque INTERNAL_ERROR. */
export function commandErrorReply(error: unknown): ErrorBody {
  if (error instanceof FaiError) return error.toBody();
  return {
    code: 'INTERNAL_ERROR',
    message: 'the command failed unexpectedly',
    hint: 'Retry later; if it keeps failing, report it with the correlation id.',
  };
}
