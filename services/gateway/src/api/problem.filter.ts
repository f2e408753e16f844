import { Catch, HttpException, Inject, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { FaiError, type ErrorBody } from '@fai/contracts';
import { REQUEST_ID_HEADER } from '@fai/service-kit';
import { FAI_LOGGER } from '@fai/service-kit';
import type { Logger } from 'winston';
import { PROBLEM_CONTENT_TYPE, problemFor, RateLimitedError, RequestInvalidError } from './problem';

/** The little of Express's request and response the filter uses. */
interface HttpRequest {
  url: string;
  originalUrl: string;
}

export interface HttpResponse {
  headersSent: boolean;
  locals: Record<string, unknown>;
  getHeader(name: string): unknown;
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: string): unknown;
  destroy(): void;
}

/** Where the audit log finds the code of a refused request. */
export const ERROR_CODE_LOCAL = 'faiErrorCode';

const HTTP_CODES: Record<number, ErrorBody> = {
  404: {
    code: 'NOT_FOUND',
    message: 'no such resource',
    hint: 'Check the path against the OpenAPI document.',
  },
  413: {
    code: 'ARTEFACT_TOO_LARGE',
    message: 'the request body is too large',
    hint: 'Send a smaller file; the limit is FAI_UPLOAD_MAX_BYTES.',
  },
};

/**
 * Renders every error of the API as RFC 9457 problem+json. Routes outside /api (health, metrics)
 * keep Nest's own answers, which their probes expect.
 */
@Catch()
export class ProblemFilter extends BaseExceptionFilter {
  constructor(@Inject(FAI_LOGGER) private readonly logger: Logger) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    if (!request.url.startsWith('/api/')) return super.catch(exception, host);
    const body = errorBody(exception);
    const problem = problemFor(body, {
      instance: request.originalUrl.split('?')[0],
      requestId: String(response.getHeader(REQUEST_ID_HEADER) ?? ''),
    });
    // An owning service down or slow is an expected condition with a code; anything else is a bug.
    if (problem.status >= 500 && exception instanceof FaiError)
      this.logger.warn('request failed', { error_code: problem.code, error_message: exception.message });
    else if (problem.status >= 500)
      this.logger.error('request failed', { error: exception, error_code: problem.code });
    response.locals[ERROR_CODE_LOCAL] = problem.code;
    if (response.headersSent) {
      // A streamed download broke off midway: the status is gone, only closing is left.
      response.destroy();
      return;
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

function errorBody(exception: unknown): ErrorBody {
  if (exception instanceof FaiError) return exception.toBody();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 429) return new RateLimitedError().toBody();
    if (status === 400) return new RequestInvalidError([exception.message]).toBody();
    return HTTP_CODES[status] ?? { code: 'INTERNAL_ERROR', message: exception.message };
  }
  return { code: 'INTERNAL_ERROR', message: 'unexpected' };
}
