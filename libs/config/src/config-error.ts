import { FaiError } from '@fai/contracts';

export interface ConfigProblem {
  key: string;
  /** The value in force, secrets masked; undefined when the setting is not set. */
  value?: string;
  /** What is wrong and what to do. */
  problem: string;
}

export class ConfigError extends FaiError {
  constructor(readonly problems: ConfigProblem[]) {
    super({
      code: 'CONFIG_INVALID',
      message: ['Configuration is invalid:', ...problems.map(describeProblem)].join('\n  - '),
      hint: 'Fix every setting listed above in the environment (or the Helm values) and start the service again.',
      details: { problems },
    });
  }
}

function describeProblem({ key, value, problem }: ConfigProblem): string {
  return value === undefined ? `${key} (not set): ${problem}` : `${key}=${JSON.stringify(value)}: ${problem}`;
}
