import { randomUUID } from 'node:crypto';
import {
  COMMAND_SUBJECT_PREFIX,
  createRegistry,
  FaiError,
  type CommandContract,
  type ContractRegistry,
} from '@fai/contracts';
import { CORRELATION_ID_HEADER, commandErrorReply, type ConsumerLogger } from '@fai/messaging';
import { extractTraceContext, withLogContext } from '@fai/observability';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { catchError, from, throwError, type Observable } from 'rxjs';

/** What a handler learns of the request besides its body. */
export interface CommandMeta {
  /** The caller's correlation id (a new one when the caller sent none). */
  correlationId: string;
}

/** One command or query a service answers, with its handler. */
export interface CommandRoute {
  contract: CommandContract<never, unknown>;
  handle(request: never, meta: CommandMeta): Promise<unknown>;
}

export function route<TRequest, TReply>(
  contract: CommandContract<TRequest, TReply>,
  handle: (request: TRequest, meta: CommandMeta) => Promise<TReply>,
): CommandRoute {
  return { contract, handle } as unknown as CommandRoute;
}

/** Where a deployment answers a contract's subject: `fai-cmd.…` under its own first token (tests use their own). */
export function commandSubjectIn(prefix: string, subject: string): string {
  return subject.startsWith(`${COMMAND_SUBJECT_PREFIX}.`)
    ? `${prefix}${subject.slice(COMMAND_SUBJECT_PREFIX.length)}`
    : subject;
}

/** A service's commands and queries, answered while it runs. */
export interface CommandServer {
  /** The subject a contract is answered on in this deployment. */
  subjectOf(contract: { subject: string }): string;
  start(): Promise<void>;
  /** Stops taking requests; those in flight still answer. */
  stop(): Promise<void>;
}

export interface CommandServersOptions {
  /** The service: its queue group (replicas share the requests) and connection name. */
  service: string;
  natsUrl: string;
  /** First token of the subjects, `fai-cmd` in deployments. */
  subjectPrefix: string;
  /** Defaults to the catalogue of every contract. */
  registry?: ContractRegistry;
  logger?: ConsumerLogger;
}

/**
 * Makes a service's command servers: the one place that chooses the transport (core NATS
 * request/reply with Nest's NATS transport, so callers use the ordinary CommandClient).
 * The platform provides one for the service; tests make their own under their own prefix.
 */
export class CommandServers {
  private readonly registry: ContractRegistry;

  constructor(private readonly options: CommandServersOptions) {
    this.registry = options.registry ?? createRegistry();
  }

  subjectOf(contract: { subject: string }): string {
    return commandSubjectIn(this.options.subjectPrefix, contract.subject);
  }

  /** A server answering `routes`: requests and replies are checked against their contracts. */
  serve(routes: readonly CommandRoute[]): CommandServer {
    return new NatsCommandServer(this.options, this.registry, routes);
  }
}

/**
 * Requests and replies are checked against their contracts; a refusal comes back as an error body
 * with its code, anything unexpected as INTERNAL_ERROR (logged here, never sent).
 */
class NatsCommandServer implements CommandServer {
  private server?: ServerNats;

  constructor(
    private readonly options: CommandServersOptions,
    private readonly registry: ContractRegistry,
    private readonly routes: readonly CommandRoute[],
  ) {}

  subjectOf(contract: { subject: string }): string {
    return commandSubjectIn(this.options.subjectPrefix, contract.subject);
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new ServerNats({
      servers: [this.options.natsUrl],
      queue: this.options.service,
      name: `${this.options.service}-commands`,
      maxReconnectAttempts: -1,
    });
    for (const entry of this.routes)
      server.addHandler(this.subjectOf(entry.contract), (data: unknown, ctx: NatsContext) =>
        Promise.resolve(this.answer(entry, data, ctx)),
      );
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
    const { registry } = this;
    const { name, version } = entry.contract;
    const headers = ctx.getHeaders();
    const carrier: Record<string, string> = {};
    for (const key of headers?.keys() ?? []) carrier[key] = headers.get(key);
    const correlationId = carrier[CORRELATION_ID_HEADER] || randomUUID();
    const run = async () => {
      const request = registry.validateRequest<RequestAbout>(name, version, data);
      const reply = await withLogContext(logContextOf(request), () =>
        entry.handle(request as never, { correlationId }),
      );
      return registry.validateReply(name, version, reply);
    };
    return from(
      context.with(extractTraceContext(carrier), () => withLogContext({ correlationId }, run)),
    ).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FaiError))
          this.options.logger?.error(`${this.options.service} command failed`, { error, name });
        return throwError(() => commandErrorReply(error));
      }),
    );
  }
}

/** The ids a request may carry that logs are searched by. */
interface RequestAbout {
  actor?: string;
  portfolioId?: string;
  cycleId?: string;
  runId?: string;
  fundId?: string;
}

function logContextOf(request: RequestAbout) {
  const { actor, portfolioId, cycleId, runId, fundId } = request;
  return { userId: actor, portfolioId, cycleId, runId, fundId };
}
