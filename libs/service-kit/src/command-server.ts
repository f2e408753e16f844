import { randomUUID } from 'node:crypto';
import { createRegistry, FaiError, type CommandContract, type ContractRegistry } from '@fai/contracts';
import {
  CommandClient,
  CORRELATION_ID_HEADER,
  commandErrorReply,
  commandSubjectIn,
  type CommandClientOptions,
  type CommandServerStrategy,
  type CommandTransport,
  type ConsumerLogger,
} from '@fai/messaging';
import { extractTraceContext, withLogContext } from '@fai/observability';
import type { ClientProxy, NatsContext } from '@nestjs/microservices';
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

/** A service's commands and queries, answered while it runs. */
export interface CommandServer {
  /** The subject a contract is answered on in this deployment. */
  subjectOf(contract: { subject: string }): string;
  start(): Promise<void>;
  /** Stops taking requests; those in flight still answer. */
  stop(): Promise<void>;
}

export interface ServiceCommandsOptions {
  /** The service: its queue group (replicas share the requests) and connection name. */
  service: string;
  /** NATS request/reply in deployments, in process in the embedded default. */
  transport: CommandTransport;
  /** First token of the subjects, `fai-cmd` in deployments. */
  subjectPrefix: string;
  /** Defaults to the catalogue of every contract. */
  registry?: ContractRegistry;
  logger?: ConsumerLogger;
}

/**
 * A service's commands on the platform's command transport: the servers answering its own (callers
 * use the ordinary CommandClient) and its clients of other services'. The platform provides one for
 * the service and runs both with it; tests make their own under their own prefix.
 */
export class ServiceCommands {
  private readonly registry: ContractRegistry;
  private readonly servers: CommandServer[] = [];
  private readonly proxies: ClientProxy[] = [];

  constructor(private readonly options: ServiceCommandsOptions) {
    this.registry = options.registry ?? createRegistry();
  }

  subjectOf(contract: { subject: string }): string {
    return commandSubjectIn(this.options.subjectPrefix, contract.subject);
  }

  /**
   * A server answering `routes`: requests and replies are checked against their contracts. The
   * platform starts it once the service's consumers run (so no command arrives before it can be
   * done) and stops it first on shutdown; a test world starts its own.
   */
  serve(routes: readonly CommandRoute[]): CommandServer {
    const server = new ContractCommandServer(this.options, this.registry, routes);
    this.servers.push(server);
    return server;
  }

  /** A client of other services' commands and queries on the same transport; the platform closes it on shutdown. */
  client(options?: CommandClientOptions): CommandClient {
    const proxy = this.options.transport.client();
    this.proxies.push(proxy);
    return new CommandClient(proxy, options);
  }

  async startServing(): Promise<void> {
    for (const server of this.servers) await server.start();
  }

  async stopServing(): Promise<void> {
    for (const server of this.servers) await server.stop();
  }

  async closeClients(): Promise<void> {
    await Promise.all(this.proxies.map((proxy) => proxy.close()));
  }
}

/**
 * Requests and replies are checked against their contracts; a refusal comes back as an error body
 * with its code, anything unexpected as INTERNAL_ERROR (logged here, never sent).
 */
class ContractCommandServer implements CommandServer {
  private server?: CommandServerStrategy;

  constructor(
    private readonly options: ServiceCommandsOptions,
    private readonly registry: ContractRegistry,
    private readonly routes: readonly CommandRoute[],
  ) {}

  subjectOf(contract: { subject: string }): string {
    return commandSubjectIn(this.options.subjectPrefix, contract.subject);
  }

  async start(): Promise<void> {
    if (this.server) return;
    // The server answers each contract's subject under the prefix (see commandSubjectIn).
    const server = this.options.transport.server({
      service: this.options.service,
      subjectPrefix: this.options.subjectPrefix,
    });
    for (const entry of this.routes)
      server.addHandler(entry.contract.subject, (data: unknown, ctx: NatsContext) =>
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
