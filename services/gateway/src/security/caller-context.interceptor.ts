import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { withLogContext } from '@fai/observability';
import { Observable } from 'rxjs';
import type { GatewayRequest } from './endpoint.decorator';

/** Runs each API handler in the caller's log context: user and tenant ids on every line it logs. */
@Injectable()
export class CallerContextInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = execution.switchToHttp().getRequest<GatewayRequest>().principal;
    if (!principal) return next.handle();
    return new Observable((subscriber) =>
      withLogContext({ userId: principal.subject, tenantId: principal.tenantId }, () =>
        next.handle().subscribe(subscriber),
      ),
    );
  }
}
