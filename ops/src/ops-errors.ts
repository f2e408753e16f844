import { FaiError } from '@fai/contracts';

/** A setting or argument an ops command cannot work with. */
export class OpsConfigError extends FaiError {
  constructor(key: string, problem: string, hint: string) {
    super({ code: 'OPS_CONFIG_INVALID', message: `${key} ${problem}`, hint, details: { key } });
  }
}
