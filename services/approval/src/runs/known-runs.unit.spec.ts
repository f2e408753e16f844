import { runStartedV1 } from '@fai/contracts';
import { runOperator } from './known-runs';

describe('run operator', () => {
  it('is the actor the scheduler wrote for the run', () => {
    expect(runOperator({ data: runStartedV1.example, actor: 'user-42' })).toBe('user-42');
    expect(
      runOperator({ data: { ...runStartedV1.example, cause: { kind: 'clock' } }, actor: 'scheduler-clock' }),
    ).toBe('scheduler-clock');
  });

  it('falls back to the operator the cause names, then to the kind of cause', () => {
    expect(runOperator({ data: runStartedV1.example })).toBe('user-42');
    expect(runOperator({ data: { ...runStartedV1.example, cause: { kind: 'clock' } } })).toBe(
      'scheduler:clock',
    );
  });
});
