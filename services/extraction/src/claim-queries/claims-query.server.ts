import { FaiError, getClaimsV1, type ContractRegistry, type GetClaimsRequest } from '@fai/contracts';
import { CORRELATION_ID_HEADER, commandErrorReply, type ConsumerLogger } from '@fai/messaging';
import { extractTraceContext, withLogContext } from '@fai/observability';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { catchError, from, throwError, type Observable } from 'rxjs';
import type { GetClaimsQuery } from './get-claims.query';

export interface ClaimsQueryServerOptions {
  natsUrl: string;
  /** First token of the subject, `fai-cmd` in deployments: the query answers on `<prefix>.extraction.get-claims.v1`. */
  subjectPrefix: string;
  registry: ContractRegistry;
  query: GetClaimsQuery;
  logger?: ConsumerLogger;
}

/**
 * Answers GetClaims over core NATS request/reply with Nest's NATS transport, so callers use the
 * ordinary CommandClient. Replicas share a queue group: each request reaches one of them.
 * Replies follow the command conventions: a refusal comes back as an error body with its code.
 */
export class ClaimsQueryServer {
  private server?: ServerNats;

  constructor(private readonly options: ClaimsQueryServerOptions) {}

  get subject(): string {
    return getClaimsV1.subject.replace(/^[^.]+/, this.options.subjectPrefix);
  }

  async start(): Promise<void> {
    const server = new ServerNats({
      servers: [this.options.natsUrl],
      queue: 'extraction',
      name: 'extraction-queries',
      maxReconnectAttempts: -1,
    });
    server.addHandler(this.subject, (data: unknown, ctx: NatsContext) =>
      Promise.resolve(this.answer(data, ctx)),
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
  private answer(data: unknown, ctx: NatsContext): Observable<unknown> {
    const headers = ctx.getHeaders();
    const correlationId = headers?.get(CORRELATION_ID_HEADER) || undefined;
    const run = async () => {
      const request = this.options.registry.validateRequest<GetClaimsRequest>(
        getClaimsV1.name,
        getClaimsV1.version,
        data,
      );
      return this.options.query.run(request);
    };
    return from(
      context.with(extractTraceContext(headerRecord(headers)), () => withLogContext({ correlationId }, run)),
    ).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FaiError)) this.options.logger?.error('claims query failed', { error });
        return throwError(() => commandErrorReply(error));
      }),
    );
  }
}

function headerRecord(headers: ReturnType<NatsContext['getHeaders']>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of headers?.keys() ?? []) record[name] = headers.get(name);
  return record;
}
