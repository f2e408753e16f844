import { HTTP_STATUS_BY_CODE, problemFor } from './problem';

describe('problemFor', () => {
  it.each([
    ['UNAUTHENTICATED', 401],
    ['ROLE_FORBIDDEN', 403],
    ['OUT_OF_SCOPE', 403],
    ['SEPARATION_OF_DUTIES', 403],
    ['CYCLE_NOT_FOUND', 404],
    ['REQUEST_INVALID', 400],
    ['CONTRACT_VIOLATION', 400],
    ['CYCLE_ALREADY_OPEN', 409],
    ['PUBLICATION_NOT_APPROVED', 409],
    ['ALREADY_PUBLISHED', 409],
    ['FUND_LOCKED', 409],
    ['OUTPUT_CONTENT_DELETED', 410],
    ['ARTEFACT_TOO_LARGE', 413],
    ['ARTEFACT_XML_DOCTYPE_REFUSED', 422],
    ['RATE_LIMITED', 429],
    ['COMMAND_UNAVAILABLE', 503],
    ['COMMAND_TIMEOUT', 504],
  ])('maps %s to %i', (code, status) => {
    expect(problemFor({ code, message: 'm' }).status).toBe(status);
  });

  it('renders RFC 9457 members with FAI’s code, hint, details and request id', () => {
    expect(
      problemFor(
        {
          code: 'CYCLE_ALREADY_OPEN',
          message: 'cycle c is open',
          hint: 'use it',
          details: { existingCycleId: 'c' },
        },
        { instance: '/api/v1/cycles', requestId: 'r-1' },
      ),
    ).toEqual({
      type: 'urn:fai:problem:cycle-already-open',
      title: 'CYCLE_ALREADY_OPEN',
      status: 409,
      detail: 'cycle c is open',
      instance: '/api/v1/cycles',
      code: 'CYCLE_ALREADY_OPEN',
      hint: 'use it',
      details: { existingCycleId: 'c' },
      requestId: 'r-1',
    });
  });

  it('turns an unknown code into a 500 that shows nothing of the original error', () => {
    const problem = problemFor({
      code: 'PG_DEADLOCK',
      message: 'deadlock on table secret_stuff',
      details: { sql: 'x' },
    });
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(JSON.stringify(problem)).not.toMatch(/secret_stuff|PG_DEADLOCK|sql/);
  });

  it('gives every code one status', () => {
    const codes = [...HTTP_STATUS_BY_CODE.keys()];
    expect(new Set(codes).size).toBe(codes.length);
  });
});
