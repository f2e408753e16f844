import { auditEntryOf } from './audit-log.middleware';

const request = {
  method: 'POST',
  originalUrl: '/api/v1/cycles?dry=1',
  headers: {},
  endpoint: 'cycles.open',
  body: { portfolioId: 'pf-1', reason: 'x' },
  principal: { subject: 'op-1', roles: ['operator' as const], tenantId: 't-1', portfolios: ['pf-1'] },
};

describe('auditEntryOf', () => {
  it('records who did what on which portfolio and how it ended', () => {
    expect(auditEntryOf(request, 201, 'req-1', undefined)).toEqual({
      requestId: 'req-1',
      actor: 'op-1',
      tenantId: 't-1',
      roles: ['operator'],
      method: 'POST',
      path: '/api/v1/cycles',
      endpoint: 'cycles.open',
      status: 201,
      outcome: 'allowed',
      portfolioId: 'pf-1',
      errorCode: null,
    });
  });

  it.each([
    [401, 'UNAUTHENTICATED', 'denied'],
    [403, 'OUT_OF_SCOPE', 'denied'],
    [409, 'CYCLE_ALREADY_OPEN', 'failed'],
    [503, 'COMMAND_UNAVAILABLE', 'failed'],
  ])('calls a %i (%s) %s', (status, code, outcome) => {
    expect(auditEntryOf(request, status, 'req-1', code)).toMatchObject({ outcome, errorCode: code });
  });

  it('finds the portfolio in the path before the body or the query, and records unauthenticated callers', () => {
    const entry = auditEntryOf(
      {
        method: 'GET',
        originalUrl: '/api/v1/portfolios/pf-2',
        headers: {},
        params: { portfolioId: 'pf-2' },
        query: { portfolioId: 'pf-3' },
      },
      401,
      'req-2',
      'UNAUTHENTICATED',
    );
    expect(entry).toMatchObject({
      actor: null,
      tenantId: null,
      roles: [],
      endpoint: null,
      portfolioId: 'pf-2',
    });
  });
});
