import { COMMAND_SUBJECT_PREFIX } from '@fai/contracts';
import {
  ClientProxyFactory,
  ServerNats,
  Transport,
  type ClientProxy,
  type CustomTransportStrategy,
  type MessageHandler,
  type Server,
} from '@nestjs/microservices';
import { InProcessClientProxy, InProcessCommandBus, InProcessCommandServer } from './in-process-commands';

/** Where a deployment answers a contract's subject: `fai-cmd.…` under its own first token (tests use their own). */
export function commandSubjectIn(prefix: string, subject: string): string {
  return subject.startsWith(`${COMMAND_SUBJECT_PREFIX}.`)
    ? `${prefix}${subject.slice(COMMAND_SUBJECT_PREFIX.length)}`
    : subject;
}

export interface CommandServerSpec {
  /** The service: its queue group (replicas share the requests) and connection name. */
  service: string;
  /** First token of the subjects every pattern is answered under, `fai-cmd` in deployments. */
  subjectPrefix: string;
  /** How long closing waits for requests in flight; default 500 ms. */
  closeGraceMs?: number;
}

/**
 * How commands travel: core NATS request/reply in deployments, in process in the embedded default.
 * Both sides are Nest's own microservice types, so handlers (`addHandler` or `@MessagePattern`)
 * and callers (CommandClient) are the same in either setting.
 */
/** What callers use of a Nest microservice server: a strategy for createMicroservice, or addHandler + listen. */
export type CommandServerStrategy = Pick<Server, 'addHandler'> & CustomTransportStrategy;

export interface CommandTransport {
  server(spec: CommandServerSpec): CommandServerStrategy;
  client(): ClientProxy;
}

/** `service` names the client connections (`<service>-commands`), as the servers' are named. */
export function natsCommandTransport(natsUrl: string, service = 'fai'): CommandTransport {
  return {
    server: (spec) =>
      underPrefix(
        new ServerNats({
          servers: [natsUrl],
          name: `${spec.service}-commands`,
          queue: spec.service,
          maxReconnectAttempts: -1,
          gracefulShutdown: true,
          gracePeriod: spec.closeGraceMs ?? 500,
        }),
        spec.subjectPrefix,
      ),
    client: () =>
      ClientProxyFactory.create({
        transport: Transport.NATS,
        // The default gives up after 10 reconnect attempts, leaving a client that never sends again.
        options: { servers: [natsUrl], name: `${service}-commands`, maxReconnectAttempts: -1 },
      }),
  };
}

/** The embedded default's transport: every service of the process answers and asks on one bus. */
export function inProcessCommandTransport(bus: InProcessCommandBus): CommandTransport {
  return {
    server: (spec) => underPrefix(new InProcessCommandServer(bus), spec.subjectPrefix),
    client: () => new InProcessClientProxy(bus),
  };
}

/**
 * Has `server` answer every pattern under the deployment's command-subject prefix: handlers (and
 * `@MessagePattern`s) name the contract's subject, the deployment decides where it is answered.
 */
function underPrefix<S extends Pick<Server, 'addHandler'>>(server: S, prefix: string): S {
  const addHandler = server.addHandler.bind(server);
  server.addHandler = (
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler?: boolean,
    extras?: Record<string, unknown>,
  ) => addHandler(commandSubjectIn(prefix, String(pattern)), callback, isEventHandler, extras);
  return server;
}
