import { Injectable, type NestMiddleware } from '@nestjs/common';
import { REQUEST_ID_HEADER } from '@fai/service-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODE_LOCAL } from '../api/problem.filter';
import type { GatewayRequest } from '../security/endpoint.decorator';
import { AuditLog } from './audit-log';

/** What the audit log keeps of one request. */
export interface AuditEntry {
  requestId: string;
  actor: string | null;
  tenantId: string | null;
  roles: readonly string[];
  method: string;
  path: string;
  endpoint: string | null;
  status: number;
  outcome: 'allowed' | 'denied' | 'failed';
  portfolioId: string | null;
  errorCode: string | null;
}

/** Pure: the audit entry of a finished request. */
export function auditEntryOf(
  request: GatewayRequest & {
    method: string;
    originalUrl: string;
    params?: unknown;
    body?: unknown;
    query?: unknown;
  },
  status: number,
  requestId: string,
  errorCode: string | undefined,
): AuditEntry {
  const principal = request.principal;
  return {
    requestId,
    actor: principal?.subject ?? null,
    tenantId: principal?.tenantId ?? null,
    roles: principal?.roles ?? [],
    method: request.method,
    path: request.originalUrl.split('?')[0],
    endpoint: request.endpoint ?? null,
    status,
    outcome: status === 401 || status === 403 ? 'denied' : status >= 400 ? 'failed' : 'allowed',
    portfolioId:
      portfolioIn(request.params) ?? portfolioIn(request.body) ?? portfolioIn(request.query) ?? null,
    errorCode: errorCode ?? null,
  };
}

function portfolioIn(source: unknown): string | undefined {
  const value = (source as { portfolioId?: unknown } | undefined)?.portfolioId;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Records one append-only audit row for every API request once its response is finished: who
 * (subject, tenant, roles), what (endpoint, method, path, portfolio), and how it ended (status,
 * allowed / denied / failed, error code). Reads are user actions too: evidence and exports are
 * sensitive and their access is logged per user.
 */
@Injectable()
export class AuditLogMiddleware implements NestMiddleware {
  constructor(private readonly audit: AuditLog) {}

  use(
    request: IncomingMessage &
      GatewayRequest & { originalUrl: string; params?: unknown; body?: unknown; query?: unknown },
    response: ServerResponse & { locals: Record<string, unknown> },
    next: () => void,
  ): void {
    response.once('finish', () => {
      this.audit.record(
        auditEntryOf(
          { ...request, method: request.method ?? '' },
          response.statusCode,
          String(response.getHeader(REQUEST_ID_HEADER) ?? ''),
          response.locals[ERROR_CODE_LOCAL] as string | undefined,
        ),
      );
    });
    next();
  }
}
