import type { PlatformConsumer } from './consumer-registry';

/** Undoes one started step; `timeoutMs` bounds a drain of messages in flight. */
export type StopStep = (timeoutMs?: number) => Promise<unknown> | unknown;

/** Starts one part of a service and says how to stop it. */
export type StartStep = () => Promise<StopStep>;

/**
 * A service's moving parts, started in order and stopped in reverse. Registered with the
 * ConsumerRegistry, it starts once the platform has migrated the store and started the relay;
 * after a failed step, the platform's retry carries on from there.
 */
export class StartSequence implements PlatformConsumer {
  private readonly stops: StopStep[] = [];

  constructor(private readonly steps: readonly StartStep[]) {}

  async start(): Promise<void> {
    for (const step of this.steps.slice(this.stops.length)) this.stops.push(await step());
  }

  async drain(timeoutMs?: number): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop(timeoutMs);
  }
}
