import { FaiError } from '@fai/contracts';

export class UnauthenticatedError extends FaiError {
  constructor(problem: string) {
    super({
      code: 'UNAUTHENTICATED',
      message: `the request is not authenticated: ${problem}`,
      hint: 'Send `Authorization: Bearer <token>` with a current token from the identity provider.',
    });
  }
}

export class RoleForbiddenError extends FaiError {
  constructor(endpoint: string, roles: readonly string[]) {
    super({
      code: 'ROLE_FORBIDDEN',
      message: `none of the caller's roles may call ${endpoint}`,
      hint: 'Ask an administrator for a role that allows this action (see the gateway README).',
      details: { endpoint, roles },
    });
  }
}

export class OutOfScopeError extends FaiError {
  constructor() {
    // Nothing about the resource is said: existence outside the caller's scope is itself data.
    super({
      code: 'OUT_OF_SCOPE',
      message: 'the resource is outside the tenant and portfolios the caller may see',
      hint: 'Ask an administrator to add the portfolio to your scope.',
    });
  }
}

export class DevTokenIssuerDisabledError extends FaiError {
  constructor() {
    super({
      code: 'DEV_TOKEN_ISSUER_DISABLED',
      message: 'the development token issuer is off',
      hint: 'Set FAI_DEV_TOKEN_ISSUER=true (never in prod) to sign development tokens.',
    });
  }
}
