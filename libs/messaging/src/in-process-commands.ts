import { AsyncResource } from 'node:async_hooks';
import {
  ClientProxy,
  NatsContext,
  NatsRecord,
  Server,
  Transport,
  type CustomTransportStrategy,
  type MessageHandler,
  type ReadPacket,
  type WritePacket,
} from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { firstValueFrom } from 'rxjs';
import { commandErrorReply } from './command';
import { subjectMatches } from './subjects';

/** A command as a responder receives it: a copy of the caller's, as if it had crossed the wire. */
export interface CommandRequest {
  subject: string;
  data: unknown;
  headers?: MsgHdrs;
  /** False for an event (`ClientProxy.emit`): the responder runs it and nobody waits for a reply. */
  replyExpected: boolean;
}

/** What a responder answers: the first response, or the error body the caller re-raises. */
export interface CommandReply {
  response?: unknown;
  err?: unknown;
}

/** Answers one request; resolves with the reply, never rejects (a failure is an `err` reply). */
export type CommandResponder = (request: CommandRequest) => Promise<CommandReply>;

interface Replicas {
  responders: CommandResponder[];
  /** Index of the replica that takes the next request. */
  turn: number;
}

/**
 * Core NATS request/reply inside one process, for the embedded demo: subject → responders, shared
 * by every InProcessCommandServer and InProcessClientProxy of the process. The responders of one
 * subject share its requests like a NATS queue group (commands have a single owning service).
 * Requests and replies are copied through JSON, so a handler never shares an object with its caller
 * and sees exactly what the wire would carry.
 */
export class InProcessCommandBus {
  /** Subject filter (NATS wildcards allowed, as in a subscription) → its replicas. */
  private readonly subjects = new Map<string, Replicas>();

  /**
   * Adds a replica answering `filter`; returns its removal. The responder runs in the async context
   * it was added in, not the caller's, so no log or trace context leaks across (as over NATS).
   */
  respond(filter: string, answer: CommandResponder): () => void {
    const responder = AsyncResource.bind(answer);
    let replicas = this.subjects.get(filter);
    if (!replicas) {
      replicas = { responders: [], turn: 0 };
      this.subjects.set(filter, replicas);
    }
    replicas.responders.push(responder);
    return () => {
      const current = this.subjects.get(filter);
      const index = current?.responders.indexOf(responder) ?? -1;
      if (!current || index < 0) return;
      current.responders.splice(index, 1);
      if (current.responders.length === 0) this.subjects.delete(filter);
    };
  }

  /** One replica's reply, taken in turn; `undefined` when nobody answers the subject ("no responders"). */
  async request(subject: string, data: unknown, headers?: MsgHdrs): Promise<CommandReply | undefined> {
    const responder = this.nextResponder(subject);
    if (!responder) return undefined;
    const reply = await responder({ subject, ...copyMessage(data, headers), replyExpected: true });
    try {
      return { response: copyJson(reply.response), err: copyJson(reply.err) };
    } catch (error) {
      // A reply JSON cannot carry (a cycle, a BigInt) is the handler's failure, as it would be on the wire.
      return { err: commandErrorReply(error) };
    }
  }

  /** Hands an event to one replica without waiting for it; nobody listening drops it, as in NATS. */
  notify(subject: string, data: unknown, headers?: MsgHdrs): void {
    const responder = this.nextResponder(subject);
    if (responder) void responder({ subject, ...copyMessage(data, headers), replyExpected: false });
  }

  private nextResponder(subject: string): CommandResponder | undefined {
    const replicas = this.subjects.get(subject) ?? this.wildcardReplicas(subject);
    if (!replicas) return undefined;
    const responder = replicas.responders[replicas.turn % replicas.responders.length];
    replicas.turn = (replicas.turn + 1) % replicas.responders.length;
    return responder;
  }

  private wildcardReplicas(subject: string): Replicas | undefined {
    for (const [filter, replicas] of this.subjects) if (subjectMatches(filter, subject)) return replicas;
    return undefined;
  }
}

/**
 * Nest's NATS server without NATS: a microservice strategy (`NestFactory.createMicroservice(module,
 * { strategy })`) or a bare server (`addHandler` + `listen`) whose handlers answer requests from the
 * process's InProcessCommandBus. Handlers get the request data and a NatsContext with the caller's
 * headers, so filters and interceptors written for ServerNats work unchanged.
 */
export class InProcessCommandServer extends Server implements CustomTransportStrategy {
  private removals: Array<() => void> = [];

  constructor(private readonly bus: InProcessCommandBus) {
    super();
    // @MessagePattern(…, Transport.NATS) handlers bind only to a server of that transport.
    this.transportId = Transport.NATS;
  }

  listen(callback: (error?: unknown) => void): void {
    for (const [pattern, handler] of this.messageHandlers)
      this.removals.push(this.bus.respond(pattern, (request) => this.answer(pattern, handler, request)));
    this._status$.next('connected');
    callback();
  }

  /** Stops taking requests; those in flight still answer. */
  close(): void {
    for (const remove of this.removals) remove();
    this.removals = [];
    this._status$.next('disconnected');
  }

  /** There is no connection, so no connection events to listen to. */
  on(): void {}

  unwrap<T>(): T {
    return this.bus as T;
  }

  private answer(pattern: string, handler: MessageHandler, request: CommandRequest): Promise<CommandReply> {
    const natsContext = new NatsContext([request.subject, request.headers]);
    return new Promise((resolve) =>
      this.onProcessingStartHook(Transport.NATS, natsContext, async () => {
        if (!request.replyExpected) {
          await this.handleEvent(pattern, { pattern, data: request.data }, natsContext).catch(
            (error: unknown) => this.logger.error(error),
          );
          return resolve({});
        }
        try {
          // Only the first value is a reply: request/reply carries one answer, as CommandClient takes one.
          const response = await firstValueFrom(
            this.transformToObservable(await handler(request.data, natsContext)),
            { defaultValue: undefined },
          );
          resolve({ response });
        } catch (err) {
          resolve({ err });
        } finally {
          this.onProcessingEndHook?.(Transport.NATS, natsContext);
        }
      }),
    );
  }
}

/**
 * Nest's NATS client without NATS: a ClientProxy for CommandClient whose requests go to the
 * process's InProcessCommandBus. A subject nobody answers fails as ClientNats does on "no
 * responders" (EmptyResponseException), which CommandClient reports as COMMAND_UNAVAILABLE.
 */
export class InProcessClientProxy extends ClientProxy {
  constructor(private readonly bus: InProcessCommandBus) {
    super();
  }

  async connect(): Promise<InProcessCommandBus> {
    this._status$.next('connected');
    return this.bus;
  }

  async close(): Promise<void> {
    this._status$.next('disconnected');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const subject = this.normalizePattern(packet.pattern);
    const { data, headers } = recordOf(packet.data);
    let cancelled = false;
    this.bus.request(subject, data, headers).then(
      (reply) => {
        if (cancelled) return;
        callback(
          reply
            ? { ...reply, isDisposed: true }
            : { err: new EmptyResponseException(subject), isDisposed: true },
        );
      },
      // The request itself could not be copied (JSON cannot carry it), as ClientNats fails to serialize it.
      (err: unknown) => cancelled || callback({ err, isDisposed: true }),
    );
    // Unsubscribing (a timeout) drops the reply, as ClientNats drops its reply subscription.
    return () => {
      cancelled = true;
    };
  }

  // Resolves once handed over, with nothing, as ClientNats does once published.
  protected async dispatchEvent<T>(packet: ReadPacket): Promise<T> {
    const { data, headers } = recordOf(packet.data);
    this.bus.notify(this.normalizePattern(packet.pattern), data, headers);
    return undefined as T;
  }
}

/** CommandClient sends a NatsRecord (data + headers); a bare payload has no headers. */
function recordOf(payload: unknown): { data: unknown; headers?: MsgHdrs } {
  return payload instanceof NatsRecord ? { data: payload.data, headers: payload.headers } : { data: payload };
}

function copyMessage(data: unknown, headers?: MsgHdrs): { data: unknown; headers?: MsgHdrs } {
  return { data: copyJson(data), headers: headers && copyHeaders(headers) };
}

function copyJson(value: unknown): unknown {
  // JSON has no `undefined`: the wire drops the field, so it stays undefined.
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function copyHeaders(source: MsgHdrs): MsgHdrs {
  const copy = natsHeaders();
  for (const name of source.keys()) for (const value of source.values(name)) copy.append(name, value);
  return copy;
}
