import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { extractTraceContext, inSpan, ServiceMetrics, SpanKind, withLogContext } from '@fai/observability';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is echoed into logs and headers, so only a short plain token is taken over.
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Express sets `route` on the request once a handler matched; its path is the route template. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown } };

/**
 * Gives every request an id (the caller's `x-request-id` when acceptable, else a new UUID),
 * returns it on the response, runs the request inside that log context, and records its
 * duration by method, route template and status.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServiceMetrics) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const requestId = acceptedRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const started = process.hrtime.bigint();
    // Nest mounts this middleware as a catch-all route, so `route` is that one until a handler matches.
    const catchAll = request.route;
    // `close` also fires when the client goes away before the response is finished.
    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpSeconds.observe(
        {
          method: request.method ?? 'UNKNOWN',
          route: routeTemplate(request, catchAll),
          status: String(response.statusCode),
        },
        seconds,
      );
    });
    // A server span per request, continuing the caller's trace when it sent a traceparent.
    const headers = {
      traceparent: header(request, 'traceparent'),
      tracestate: header(request, 'tracestate'),
    };
    void context.with(extractTraceContext(headers), () =>
      inSpan(
        `${request.method ?? 'HTTP'} ${request.url ?? ''}`,
        SpanKind.SERVER,
        { 'http.request.method': request.method ?? '' },
        () =>
          new Promise<void>((resolve) => {
            response.once('close', resolve);
            withLogContext({ requestId }, next);
          }),
      ),
    );
  }
}

export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED_REQUEST_ID.test(value) ? value : undefined;
}

// Unmatched paths share one label: raw URLs would give every probe of a scanner its own time series.
function routeTemplate(request: RoutedRequest, catchAll: RoutedRequest['route']): string {
  const path = request.route?.path;
  return request.route !== catchAll && typeof path === 'string' ? path : 'unmatched';
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
