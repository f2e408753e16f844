import {
  Catch,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { FaiError } from '@fai/contracts';
import { extractTraceContext, withLogContext } from '@fai/observability';
import { context } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';
import { Observable, throwError } from 'rxjs';
import { CORRELATION_ID_HEADER } from './cloud-event-mapping';
import { commandErrorReply } from './command';

export interface CommandServerLogger {
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/**
 * Replies to a failed `@MessagePattern` handler with an error body: a FaiError's own code, message,
 * hint and details; anything else as INTERNAL_ERROR, logged here and never sent (it may hold internals).
 * Register with `app.useGlobalFilters(new CommandExceptionFilter(logger))` on the microservice.
 */
@Catch()
export class CommandExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger?: CommandServerLogger) {}

  catch(exception: unknown): Observable<never> {
    if (!(exception instanceof FaiError))
      this.logger?.error('command failed unexpectedly', { error: exception });
    return throwError(() => commandErrorReply(exception));
  }
}

/**
 * Runs each NATS command handler inside the caller's trace context and correlation id, taken
 * from the request headers. Register with `app.useGlobalInterceptors(new CommandContextInterceptor())`.
 */
export class CommandContextInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = execution.getType() === 'rpc' ? execution.switchToRpc().getContext() : undefined;
    if (!(rpc instanceof NatsContext)) return next.handle();
    const headers = headerRecord(rpc.getHeaders() as MsgHdrs | undefined);
    const traceContext = extractTraceContext(headers);
    const correlationId = headers[CORRELATION_ID_HEADER];
    // The handler runs when the returned observable is subscribed, so the context is entered there.
    return new Observable((subscriber) =>
      context.with(traceContext, () =>
        withLogContext({ correlationId }, () => next.handle().subscribe(subscriber)),
      ),
    );
  }
}

function headerRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of headers?.keys() ?? []) record[name] = headers!.get(name);
  return record;
}
