import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mayCall, ACCESS_POLICY, type EndpointId } from './access-policy';
import { ENDPOINT_KEY, PUBLIC_ENDPOINT, type GatewayRequest } from './endpoint.decorator';
import { RoleForbiddenError } from './security-errors';
import { TokenVerifier } from './token-verifier';

/** Routes outside the API (health, metrics) belong to the platform and carry no access policy. */
const API_PREFIX = '/api/';

/**
 * Authenticates every API request and checks the caller's roles against the access policy. A
 * route under /api without a policy entry is refused (fail closed). Scope is checked by each
 * resource against the portfolio it touches (ScopeService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GatewayRequest & { url?: string }>();
    const endpoint = this.reflector.get<string | undefined>(ENDPOINT_KEY, context.getHandler());
    if (endpoint === undefined) {
      if (!(request.url ?? '').startsWith(API_PREFIX)) return true;
      throw new RoleForbiddenError(request.url ?? '', []);
    }
    request.endpoint = endpoint;
    if (endpoint === PUBLIC_ENDPOINT) return true;
    const authorization = request.headers.authorization;
    const principal = await this.verifier.principal(
      Array.isArray(authorization) ? authorization[0] : authorization,
    );
    request.principal = principal;
    if (!(endpoint in ACCESS_POLICY) || !mayCall(principal.roles, endpoint as EndpointId))
      throw new RoleForbiddenError(endpoint, principal.roles);
    return true;
  }
}
