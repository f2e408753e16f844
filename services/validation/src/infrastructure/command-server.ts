import {
  COMMAND_SUBJECT_PREFIX,
  FaiError,
  type CommandContract,
  type ContractRegistry,
} from '@fai/contracts';
import { CORRELATION_ID_HEADER, commandErrorReply, type ConsumerLogger } from '@fai/messaging';
import { extractTraceContext, withLogContext } from '@fai/observability';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { catchError, from, throwError, type Observable } from 'rxjs';

/** One command or query the service answers, with its handler. */
export interface CommandRoute {
  contract: CommandContract<never, unknown>;
  handle(request: never): Promise<unknown>;
}

export function route<TRequest, TReply>(
  contract: CommandContract<TRequest, TReply>,
  handle: (request: TRequest) => Promise<TReply>,
): CommandRoute {
  return { contract, handle } as unknown as CommandRoute;
}

export interface CommandServerOptions {
  natsUrl: string;
  /** First token of the subjects, `fai-cmd` in deployments. */
  subjectPrefix: string;
  registry: ContractRegistry;
  routes: readonly CommandRoute[];
  logger?: ConsumerLogger;
}

/** Where this deployment answers a contract's subject: `fai-cmd.…` under its own prefix. */
export function commandSubjectIn(prefix: string, subject: string): string {
  return `${prefix}${subject.slice(COMMAND_SUBJECT_PREFIX.length)}`;
}

/**
 * Answers validation's commands and queries over core NATS request/reply with Nest's NATS
 * transport, so callers use the ordinary CommandClient; replicas share a queue group. Requests
 * and replies are checked against their contracts; a refusal comes back as an error body with
 * its code, anything unexpected as INTERNAL_ERROR (logged here, never sent).
 */
export class ValidationCommandServer {
  private server?: ServerNats;

  constructor(private readonly options: CommandServerOptions) {}

  subjectOf(contract: CommandContract<unknown, unknown>): string {
    return commandSubjectIn(this.options.subjectPrefix, contract.subject);
  }

  async start(): Promise<void> {
    const server = new ServerNats({
      servers: [this.options.natsUrl],
      queue: 'validation',
      name: 'validation-commands',
      maxReconnectAttempts: -1,
    });
    for (const entry of this.options.routes) {
      server.addHandler(this.subjectOf(entry.contract), (data: unknown, ctx: NatsContext) =>
        Promise.resolve(this.answer(entry, data, ctx)),
      );
    }
    await new Promise<void>((resolve, reject) =>
      server.listen((error?: unknown) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
      ),
    );
    this.server = server;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  // Errors travel inside the observable: Nest turns them into an error reply instead of dropping the request.
  private answer(entry: CommandRoute, data: unknown, ctx: NatsContext): Observable<unknown> {
    const { registry } = this.options;
    const { name, version } = entry.contract;
    const headers = ctx.getHeaders();
    const carrier: Record<string, string> = {};
    for (const key of headers?.keys() ?? []) carrier[key] = headers.get(key);
    const run = async () => {
      const request = registry.validateRequest<{ actor?: string; cycleId?: string; runId?: string }>(
        name,
        version,
        data,
      );
      const reply = await withLogContext(
        { userId: request.actor, cycleId: request.cycleId, runId: request.runId },
        () => entry.handle(request as never),
      );
      return registry.validateReply(name, version, reply);
    };
    return from(
      context.with(extractTraceContext(carrier), () =>
        withLogContext({ correlationId: carrier[CORRELATION_ID_HEADER] || undefined }, run),
      ),
    ).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FaiError))
          this.options.logger?.error('validation command failed', { error, name });
        return throwError(() => commandErrorReply(error));
      }),
    );
  }
}
