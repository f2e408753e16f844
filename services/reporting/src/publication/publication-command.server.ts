import { FaiError, publishFundV1, type ContractRegistry, type PublishFundRequest } from '@fai/contracts';
import { CORRELATION_ID_HEADER, commandErrorReply, type ConsumerLogger } from '@fai/messaging';
import { extractTraceContext, withLogContext } from '@fai/observability';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { catchError, from, throwError, type Observable } from 'rxjs';
import type { PublishFundHandler } from './publish-fund.handler';

export interface PublicationCommandServerOptions {
  natsUrl: string;
  /** First token of the subject, `fai-cmd` in deployments: the command answers on `<prefix>.reporting.publish-fund.v1`. */
  subjectPrefix: string;
  registry: ContractRegistry;
  publish: PublishFundHandler;
  logger?: ConsumerLogger;
}

/**
 * Answers publish-fund over core NATS request/reply with Nest's NATS transport (callers use the
 * ordinary CommandClient), in a queue group so each request reaches one replica. Requests and
 * replies are checked against the contract; a refusal comes back as an error body with its code.
 */
export class PublicationCommandServer {
  private server?: ServerNats;

  constructor(private readonly options: PublicationCommandServerOptions) {}

  get subject(): string {
    return publishFundV1.subject.replace(/^[^.]+/, this.options.subjectPrefix);
  }

  async start(): Promise<void> {
    const server = new ServerNats({
      servers: [this.options.natsUrl],
      queue: 'reporting',
      name: 'reporting-commands',
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
    const correlationId = headers?.get(CORRELATION_ID_HEADER) || randomUUID();
    const { registry } = this.options;
    const run = async () => {
      const request = registry.validateRequest<PublishFundRequest>(
        publishFundV1.name,
        publishFundV1.version,
        data,
      );
      const reply = await withLogContext(
        { userId: request.actor, cycleId: request.cycleId, fundId: request.fundId },
        () => this.options.publish.publish(request, correlationId),
      );
      return registry.validateReply(publishFundV1.name, publishFundV1.version, reply);
    };
    const record: Record<string, string> = {};
    for (const name of headers?.keys() ?? []) record[name] = headers.get(name);
    return from(context.with(extractTraceContext(record), () => withLogContext({ correlationId }, run))).pipe(
      catchError((error: unknown) => {
        if (!(error instanceof FaiError)) this.options.logger?.error('publish-fund failed', { error });
        return throwError(() => commandErrorReply(error));
      }),
    );
  }
}
