import type { Decider } from '../decider';
import { fold } from '../decider';

/**
 * Given / when / then for deciders:
 *   spec.given([...events]).when(command).then([...events])
 *   spec.given([...events]).when(command).thenThrows(ErrorClass, { code: '...' })
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, history));
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenEvents(): Event[] {
              return run();
            },
            thenThrows(errorClass: abstract new (...args: never[]) => Error, shape?: Record<string, unknown>) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (shape) expect(thrown).toMatchObject(shape);
            },
          };
        },
      };
    },
  };
}
