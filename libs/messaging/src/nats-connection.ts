import type { ConnectionOptions } from 'nats';

/**
 * Options every FAI connection to NATS shares. With async traces on, nats.js builds an Error (and
 * its stack) for every request, and each JetStream publish is one: a fifth of the relay's CPU. A
 * request that times out still fails with NATS's typed error, only without the caller's stack.
 */
export const NATS_CONNECTION_DEFAULTS = { noAsyncTraces: true } as const satisfies ConnectionOptions;
