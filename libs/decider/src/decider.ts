/**
 * A unit of domain behaviour, free of I/O: `decide` turns a command and the current state into
 * the events that should happen (or throws a typed error); `evolve` folds one event into the
 * state. Time and actors come in with the command, never from the clock inside.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** A command as a decider takes it: its data, and the time it is decided at (never read from a clock inside). */
export type DomainCommand<Type extends string, Data> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: { now: Date };
}>;

export type DomainEvent<Type extends string, Data> = Readonly<{ type: Type; data: Data }>;

/** Rebuilds state from history: what a command handler does after reading a stream. */
export function fold<Event, State>(
  decider: Pick<Decider<never, Event, State>, 'evolve' | 'initialState'>,
  events: Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Compile-time exhaustiveness check for `switch` over a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
