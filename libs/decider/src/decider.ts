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

/** Rebuilds state from history: what a command handler does after reading a stream. */
export function fold<Event, State>(decider: Pick<Decider<never, Event, State>, 'evolve' | 'initialState'>, events: Event[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Compile-time exhaustiveness check for `switch` over a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
