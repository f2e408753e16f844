import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { FaiError, type ErrorBody } from '@fai/contracts';
import { FAI_LOGGER } from '@fai/service-kit';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'winston';
import { ArtefactRefusedError } from '@fai/artefact-store';

/** HTTP status per error code; other refusals of an artefact are 422, other FAI errors 500. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INTAKE_REQUEST_INVALID: 400,
  ARTEFACT_FILENAME_INVALID: 400,
  ARTEFACT_ID_INVALID: 400,
  CONTRACT_VIOLATION: 400,
  SOURCE_NOT_ALLOWED: 403,
  ARTEFACT_NOT_FOUND: 404,
  ARTEFACT_UNKNOWN_PORTFOLIO: 404,
  ARTEFACT_UNKNOWN_CYCLE: 404,
  INVENTORY_NOT_FOUND: 404,
  LEGAL_HOLD_NOT_FOUND: 404,
  ARTEFACT_CYCLE_CLOSED: 409,
  ARTEFACT_NO_OPEN_CYCLE: 409,
  STREAM_VERSION_CONFLICT: 409,
  LEGAL_HOLD_ALREADY_RELEASED: 409,
  ARTEFACT_CONTENT_DELETED: 410,
  ARTEFACT_TOO_LARGE: 413,
  ARTEFACT_TYPE_MISMATCH: 415,
  ARTEFACT_CORRUPTED: 500,
};

export function httpStatusOf(error: FaiError): number {
  return STATUS_BY_CODE[error.code] ?? (error instanceof ArtefactRefusedError ? 422 : 500);
}

/** RFC 9457 problem details, with FAI's stable `code` and `hint` as extension members. */
export function problemDetails(status: number, body: ErrorBody, instance?: string) {
  return {
    type: `urn:fai:problem:${body.code.toLowerCase().replace(/_/g, '-')}`,
    title: body.code,
    status,
    detail: body.message,
    ...(instance ? { instance } : {}),
    code: body.code,
    ...(body.hint ? { hint: body.hint } : {}),
    ...(body.details ? { details: body.details } : {}),
  };
}

/**
 * Answers every error of ingest's HTTP endpoints as `application/problem+json`. Unexpected errors
 * are logged and answered as INTERNAL_ERROR without their message, which may hold internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(FAI_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<ServerResponse>();
    const instance = http.getRequest<{ originalUrl?: string }>().originalUrl;
    const [status, body] = this.describe(exception);
    if (response.headersSent) {
      // The body is under way: all that is left is to break it off, so the client sees it incomplete.
      response.destroy();
      return;
    }
    response.statusCode = status;
    response.setHeader('content-type', 'application/problem+json');
    response.end(JSON.stringify(problemDetails(status, body, instance)));
  }

  private describe(exception: unknown): [number, ErrorBody] {
    if (exception instanceof FaiError) {
      const status = httpStatusOf(exception);
      if (status >= 500) this.logger.error('request failed', { error: exception });
      return [status, exception.toBody()];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return [status, { code: status === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', message: exception.message }];
    }
    this.logger.error('request failed unexpectedly', { error: exception });
    return [
      500,
      {
        code: 'INTERNAL_ERROR',
        message: 'The request failed unexpectedly.',
        hint: 'Retry later; if it keeps failing, report it with the x-request-id of the response.',
      },
    ];
  }
}
