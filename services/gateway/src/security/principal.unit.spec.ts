import { inScope, principalFromClaims, type Principal } from './principal';

const NAMES = { roles: 'fai_roles', tenant: 'fai_tenant', portfolios: 'fai_portfolios' };

describe('principalFromClaims', () => {
  it('reads subject, known roles, tenant and portfolio scope', () => {
    expect(
      principalFromClaims(
        {
          sub: 'user-1',
          fai_roles: ['reviewer', 'crm-admin'],
          fai_tenant: 't-1',
          fai_portfolios: ['pf-1', 'pf-2'],
        },
        NAMES,
      ),
    ).toEqual({ subject: 'user-1', roles: ['reviewer'], tenantId: 't-1', portfolios: ['pf-1', 'pf-2'] });
  });

  it('takes space-separated lists and * for every portfolio of the tenant', () => {
    expect(
      principalFromClaims(
        { sub: 'u', fai_roles: 'operator owner', fai_tenant: 't', fai_portfolios: '*' },
        NAMES,
      ),
    ).toEqual({
      subject: 'u',
      roles: ['operator', 'owner'],
      tenantId: 't',
      portfolios: 'all',
    });
  });

  it('gives no roles and no portfolios when the claims are absent', () => {
    expect(principalFromClaims({ sub: 'u', fai_tenant: 't' }, NAMES)).toEqual({
      subject: 'u',
      roles: [],
      tenantId: 't',
      portfolios: [],
    });
  });

  it.each([
    [{ fai_tenant: 't' }, 'the token has no subject'],
    [{ sub: 'u' }, 'the token has no tenant claim fai_tenant'],
    [{ sub: 'u', fai_tenant: '' }, 'the token has no tenant claim fai_tenant'],
  ])('refuses %j: %s', (claims, problem) => {
    expect(principalFromClaims(claims, NAMES)).toEqual({ problem });
  });
});

describe('inScope', () => {
  const scoped: Principal = { subject: 'u', roles: ['operator'], tenantId: 't-1', portfolios: ['pf-1'] };
  const tenantWide: Principal = { ...scoped, portfolios: 'all' };

  it('allows a listed portfolio of the caller’s tenant', () =>
    expect(inScope(scoped, 't-1', 'pf-1')).toBe(true));
  it('refuses an unlisted portfolio', () => expect(inScope(scoped, 't-1', 'pf-2')).toBe(false));
  it('refuses another tenant even with the same portfolio id (acceptance 30)', () =>
    expect(inScope(tenantWide, 't-2', 'pf-1')).toBe(false));
  it('allows every portfolio of the tenant with *', () =>
    expect(inScope(tenantWide, 't-1', 'pf-9')).toBe(true));
});
