import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOperation } from '@nestjs/swagger';
import { ACCESS_POLICY, type EndpointId } from './access-policy';
import type { Principal } from './principal';

export const ENDPOINT_KEY = 'fai:endpoint';
/** Marks a route anyone may call without a token (the dev issuer's keys and tokens, the API document). */
export const PUBLIC_ENDPOINT = 'public';

/** What the gateway's guard and audit log attach to a request. */
export interface GatewayRequest {
  principal?: Principal;
  endpoint?: string;
  /** The portfolio the request was scoped to, for the audit log. */
  auditPortfolioId?: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Names the route's entry of the access policy; the OpenAPI operation id and summary say who may call it. */
export function Endpoint(id: EndpointId, summary: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(ENDPOINT_KEY, id),
    ApiBearerAuth(),
    ApiOperation({ operationId: id, summary, description: `Roles: ${ACCESS_POLICY[id].join(', ')}.` }),
    ApiDefaultResponse({
      description:
        'An RFC 9457 problem with a stable `code` (401 UNAUTHENTICATED, 403 ROLE_FORBIDDEN or OUT_OF_SCOPE, …).',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }),
  );
}

export function PublicEndpoint(id: string, summary: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(ENDPOINT_KEY, PUBLIC_ENDPOINT),
    ApiOperation({ operationId: id, summary }),
  );
}

/** The authenticated caller of the route. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<GatewayRequest>().principal;
  if (!principal) throw new Error('route without an access policy entry asked for its caller');
  return principal;
});
