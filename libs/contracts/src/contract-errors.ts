import type { ErrorObject } from 'ajv';
import { FaiError } from './errors';

/** A contract definition breaks the rules every contract must follow; raised when the module defining it loads. */
export class InvalidContractError extends FaiError {
  constructor(contract: string, problems: readonly string[]) {
    super({
      code: 'INVALID_CONTRACT',
      message: `contract ${contract} is invalid: ${problems.join('; ')}`,
      hint: 'Fix the contract definition in libs/contracts (see libs/contracts/README.md for the rules).',
      details: { contract, problems },
    });
  }
}

export class DuplicateContractError extends FaiError {
  constructor(type: string, reason: string) {
    super({
      code: 'DUPLICATE_CONTRACT',
      message: `cannot register ${type}: ${reason}`,
      hint: 'Register each contract once; a changed contract gets a new version, a different one a new name.',
      details: { type, reason },
    });
  }
}

export class UnknownContractError extends FaiError {
  constructor(what: string, reason = 'no such contract is registered') {
    super({
      code: 'UNKNOWN_CONTRACT',
      message: `${what}: ${reason}`,
      hint: 'Check the name and version, and that the contract is listed in the catalogue of @fai/contracts.',
      details: { contract: what, reason },
    });
  }
}

export type ContractPart = 'data' | 'request' | 'reply';

export class ContractViolationError extends FaiError {
  constructor(
    type: string,
    part: ContractPart,
    errors: readonly ErrorObject[],
    summary: string,
    hint = `Send ${part} that matches the schema of ${type} (libs/contracts/schemas/${type}.json); details.errors lists each failing path.`,
  ) {
    super({
      code: 'CONTRACT_VIOLATION',
      message: `${part} does not match ${type}: ${summary}`,
      hint,
      details: { type, part, errors: errors.map((error) => ({ ...error })) },
    });
  }
}
