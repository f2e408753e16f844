import { FaiError, type ErrorBody } from '@fai/contracts';

/*
 * Every error the API returns is RFC 9457 `application/problem+json` with FAI's stable `code`. The
 * HTTP status comes from this one table: the codes of the gateway itself and of the owning
 * services' command replies. A code not listed is a 500 whose message is not shown (it may hold
 * internals); the request id lets an operator find it in the logs.
 */

const BY_STATUS: Record<number, readonly string[]> = {
  400: [
    'REQUEST_INVALID',
    'CURSOR_INVALID',
    'CONTRACT_VIOLATION',
    'REASON_REQUIRED',
    'RATIONALE_REQUIRED',
    'NOTES_REQUIRED',
    'INVALID_PORTFOLIO',
    'INVALID_SCHEDULE',
    'INVALID_INVENTORY',
    'INVALID_PERIOD',
    'CLAIMS_QUERY_INVALID',
    'CLAIMS_CURSOR_INVALID',
    'EXPORT_LOG_QUERY_INVALID',
    'EXPORT_LOG_CURSOR_INVALID',
    'EXCEPTION_QUEUE_CURSOR_INVALID',
    'INTAKE_REQUEST_INVALID',
    'ARTEFACT_FILENAME_INVALID',
    'EDIT_VALUE_REQUIRED',
    'CONFLICT_CHOICE_INVALID',
    'POLICY_INVALID',
    'POLICY_KIND_MISMATCH',
  ],
  401: ['UNAUTHENTICATED'],
  403: [
    'ROLE_FORBIDDEN',
    'OUT_OF_SCOPE',
    'SEPARATION_OF_DUTIES',
    'SOURCE_NOT_ALLOWED',
    'EXCEPTION_ACTION_FORBIDDEN',
    'POLICY_ACTIVATION_FORBIDDEN',
    'ADHOC_REQUIRES_OPERATOR',
  ],
  404: [
    'NOT_FOUND',
    'DEV_TOKEN_ISSUER_DISABLED',
    'PORTFOLIO_NOT_FOUND',
    'FUND_NOT_FOUND',
    'CYCLE_NOT_FOUND',
    'RUN_NOT_FOUND',
    'ALERT_NOT_FOUND',
    'ARTEFACT_NOT_FOUND',
    'ARTEFACT_UNKNOWN_PORTFOLIO',
    'ARTEFACT_UNKNOWN_CYCLE',
    'INVENTORY_NOT_FOUND',
    'MEMO_NOT_FOUND',
    'FUND_REVIEW_NOT_FOUND',
    'EXCEPTION_NOT_FOUND',
    'POLICY_VERSION_UNKNOWN',
  ],
  409: [
    'PORTFOLIO_ALREADY_REGISTERED',
    'ISIN_REASSIGNED',
    'IDENTIFIER_REASSIGNED',
    'FUND_STILL_EXPECTED',
    'CYCLE_ALREADY_OPEN',
    'RUN_NOT_CURRENT',
    'RERUN_NOT_ALLOWED',
    'RUN_NOT_INCOMPLETE',
    'RUN_NOT_IN_REVIEW',
    'CUT_OFF_NOT_APPLICABLE',
    'ILLEGAL_STAGE_TRANSITION',
    'STREAM_VERSION_CONFLICT',
    'ALERT_ALREADY_ACKNOWLEDGED',
    'ARTEFACT_CYCLE_CLOSED',
    'ARTEFACT_NO_OPEN_CYCLE',
    'FUND_NOT_DRAFTED',
    'FUND_NOT_IN_REVIEW',
    'FUND_ALREADY_APPROVED',
    'FUND_ALREADY_PUBLISHED',
    'FUND_HAS_BLOCKING_EXCEPTIONS',
    'FUND_LOCKED',
    'DRAFT_SUPERSEDED',
    'PUBLICATION_NOT_APPROVED',
    'ALREADY_PUBLISHED',
    'EXCEPTION_ALREADY_RESOLVED',
    'EXCEPTION_TRANSITION_NOT_ALLOWED',
    'REVIEWER_DECISION_REQUIRED',
    'POLICY_VERSION_ALREADY_ACTIVE',
    'POLICY_NOT_ACTIVE',
    'CYCLE_POLICIES_ALREADY_PINNED',
  ],
  410: ['OUTPUT_CONTENT_DELETED'],
  413: ['ARTEFACT_TOO_LARGE'],
  415: ['ARTEFACT_TYPE_MISMATCH', 'MEDIA_TYPE_UNSUPPORTED'],
  422: [
    'ARTEFACT_EMPTY',
    'ARTEFACT_XML_MALFORMED',
    'ARTEFACT_XML_DOCTYPE_REFUSED',
    'ARTEFACT_PDF_UNREADABLE',
    'ARTEFACT_PDF_ENCRYPTED',
    'ARTEFACT_ZIP_BOMB',
    'ARTEFACT_ZIP_UNREADABLE',
    'ARTEFACT_UNKNOWN_FUND',
    'ARTEFACT_FUND_AMBIGUOUS',
    'ARTEFACT_PERIOD_OUTSIDE_CYCLE',
    'RETRIEVAL_TIME_REQUIRED',
    'POLICY_CONTENT_MISMATCH',
    'DRY_RUN_NOTHING_TO_COMPARE',
  ],
  429: ['RATE_LIMITED'],
  502: ['UPSTREAM_FAILED'],
  503: ['COMMAND_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'DIRECTORY_NOT_READY'],
  504: ['COMMAND_TIMEOUT'],
};

export const HTTP_STATUS_BY_CODE: ReadonlyMap<string, number> = new Map(
  Object.entries(BY_STATUS).flatMap(([status, codes]) =>
    codes.map((code) => [code, Number(status)] as const),
  ),
);

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details with FAI's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  hint?: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

const INTERNAL: ErrorBody = {
  code: 'INTERNAL_ERROR',
  message: 'the request failed unexpectedly',
  hint: 'Retry later; if it keeps failing, report it with the request id.',
};

/** The problem for an error body; an unknown code becomes a 500 with a generic message. */
export function problemFor(
  body: ErrorBody,
  context: { instance?: string; requestId?: string } = {},
): Problem {
  const status = HTTP_STATUS_BY_CODE.get(body.code);
  const shown = status === undefined ? INTERNAL : body;
  return {
    type: `urn:fai:problem:${shown.code.toLowerCase().replace(/_/g, '-')}`,
    title: shown.code,
    status: status ?? 500,
    detail: shown.message,
    ...(context.instance ? { instance: context.instance } : {}),
    code: shown.code,
    ...(shown.hint ? { hint: shown.hint } : {}),
    ...(shown.details ? { details: shown.details } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
}

export class NotFoundError extends FaiError {
  constructor(what: string, id: string) {
    super({
      code: 'NOT_FOUND',
      message: `${what} ${id} was not found`,
      hint: 'Check the id; read models may lag the command that created it by a moment.',
      details: { what, id },
    });
  }
}

export class RequestInvalidError extends FaiError {
  constructor(problems: readonly string[]) {
    super({
      code: 'REQUEST_INVALID',
      message: `the request is invalid: ${problems.join('; ')}`,
      hint: 'Fix each listed problem and send the request again (see the OpenAPI document at /api/v1/openapi.json).',
      details: { problems },
    });
  }
}

export class RateLimitedError extends FaiError {
  constructor() {
    super({
      code: 'RATE_LIMITED',
      message: 'too many requests from this client',
      hint: 'Wait for the time the Retry-After header gives, then retry.',
    });
  }
}
