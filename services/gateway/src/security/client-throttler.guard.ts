import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { GatewayRequest } from './endpoint.decorator';

/**
 * Rate limits per client: the authenticated subject (the auth guard runs first), else the address.
 * Platform routes (health probes, metrics scrapes) are not limited.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { principal, ip } = request as unknown as GatewayRequest;
    return principal ? `subject:${principal.tenantId}/${principal.subject}` : `address:${ip ?? 'unknown'}`;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const url = context.switchToHttp().getRequest<{ url?: string }>().url ?? '';
    return !url.startsWith('/api/');
  }
}
