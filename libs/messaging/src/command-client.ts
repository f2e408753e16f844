import { randomUUID } from 'node:crypto';
import { FaiError } from '@fai/contracts';
import type { ClientProxy } from '@nestjs/microservices';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { currentLogContext, injectTraceContext } from '@fai/observability';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { CORRELATION_ID_HEADER } from './cloud-event-mapping';
import { CommandFailedError, CommandTimeoutError, CommandUnavailableError } from './command';

export interface CommandClientOptions {
  /** Default reply timeout; 5 s. */
  timeoutMs?: number;
}

export interface SendCommandOptions {
  timeoutMs?: number;
  correlationId?: string;
}

/**
 * Sends commands to their owning service over core NATS request/reply, through a Nest ClientProxy
 * (Transport.NATS). Resolves with the reply, or rejects with a FaiError: the service's own error
 * (CommandFailedError, same code), COMMAND_TIMEOUT or COMMAND_UNAVAILABLE.
 */
export class CommandClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly proxy: ClientProxy,
    options: CommandClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async send<TResult = unknown, TPayload = unknown>(
    subject: string,
    payload: TPayload,
    options: SendCommandOptions = {},
  ): Promise<TResult> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const carrier: Record<string, string> = {
      // The caller's correlation id travels on; a command that starts new work starts a new one.
      [CORRELATION_ID_HEADER]: options.correlationId ?? currentLogContext().correlationId ?? randomUUID(),
    };
    injectTraceContext(carrier);
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(carrier)) headers.set(name, value);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      return await firstValueFrom(
        this.proxy.send<TResult>(subject, record).pipe(timeout({ first: timeoutMs })),
      );
    } catch (error) {
      throw commandError(subject, error, timeoutMs);
    }
  }
}

/** Maps what a Nest NATS client rejects with onto FAI's typed command errors. */
export function commandError(subject: string, error: unknown, timeoutMs: number): FaiError {
  if (error instanceof TimeoutError) return new CommandTimeoutError(subject, timeoutMs);
  // An empty reply is the server's "no responders" status: nobody subscribes to the subject.
  if (error instanceof EmptyResponseException || error === NO_MESSAGE_HANDLER) {
    return new CommandUnavailableError(subject);
  }
  // Replies are plain objects; an Error instance comes from the client's own connection.
  if (!(error instanceof Error) && FaiError.isErrorBody(error)) return new CommandFailedError(subject, error);
  if (error instanceof Error) return new CommandUnavailableError(subject, error.message);
  return new CommandFailedError(subject, {
    code: 'INTERNAL_ERROR',
    message:
      typeof error === 'object' && error !== null && 'message' in error
        ? String(error.message)
        : String(error),
    hint: 'The service replied with an error FAI does not know; check its logs with the correlation id.',
  });
}
