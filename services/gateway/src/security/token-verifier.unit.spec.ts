import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { DevTokenIssuer } from './dev-token-issuer';
import { UnauthenticatedError } from './security-errors';
import { TokenVerifier, type TokenVerifierOptions } from './token-verifier';

const OPTIONS: TokenVerifierOptions = {
  issuer: 'https://idp.example',
  audience: 'fai-api',
  algorithms: ['ES256'],
  clockToleranceS: 30,
  claims: { roles: 'fai_roles', tenant: 'fai_tenant', portfolios: 'fai_portfolios' },
  cacheEntries: 100,
  cacheMaxAgeMs: 60_000,
};
const CLAIMS = { fai_roles: ['reviewer'], fai_tenant: 't-1', fai_portfolios: ['pf-1'] };

let key: KeyLike;
let verifier: TokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  key = pair.privateKey;
  verifier = new TokenVerifier(
    createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }),
    OPTIONS,
  );
});

function token(change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, claims: Record<string, unknown> = CLAIMS) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(OPTIONS.issuer)
    .setAudience(OPTIONS.audience)
    .setSubject('user-1')
    .setIssuedAt(now)
    .setExpirationTime(now + 600);
  return change(jwt).sign(key);
}

async function refusal(authorization: string | undefined): Promise<string> {
  try {
    await verifier.principal(authorization);
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthenticatedError);
    return (error as UnauthenticatedError).message;
  }
  throw new Error('the token was accepted');
}

describe('TokenVerifier', () => {
  it('accepts a current token of the identity provider and reads the principal', async () => {
    await expect(verifier.principal(`Bearer ${await token()}`)).resolves.toEqual({
      subject: 'user-1',
      roles: ['reviewer'],
      tenantId: 't-1',
      portfolios: ['pf-1'],
    });
  });

  it('tolerates a small clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(
      verifier.principal(`Bearer ${await token((jwt) => jwt.setExpirationTime(now - 10))}`),
    ).resolves.toBeDefined();
  });

  it.each([
    ['no header', undefined, 'no bearer token'],
    ['another scheme', 'Basic dXNlcjpwdw==', 'no bearer token'],
  ])('refuses %s', async (_, header, problem) => {
    expect(await refusal(header)).toContain(problem);
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(`Bearer ${await token((jwt) => jwt.setExpirationTime(now - 120))}`)).toContain(
      'expired',
    );
  });

  it('refuses another issuer or audience', async () => {
    expect(await refusal(`Bearer ${await token((jwt) => jwt.setIssuer('https://evil.example'))}`)).toContain(
      'iss',
    );
    expect(await refusal(`Bearer ${await token((jwt) => jwt.setAudience('other-api'))}`)).toContain('aud');
  });

  it('refuses an algorithm outside the allow-list, HMAC included', async () => {
    const hmac = await new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(OPTIONS.issuer)
      .setAudience(OPTIONS.audience)
      .setSubject('user-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length!'));
    expect(await refusal(`Bearer ${hmac}`)).toContain('algorithm not allowed');
  });

  it('refuses a token signed by another key', async () => {
    const other = await DevTokenIssuer.create({
      issuer: OPTIONS.issuer,
      audience: OPTIONS.audience,
      claims: OPTIONS.claims,
    });
    const { token: foreign } = await other.sign({
      subject: 'u',
      roles: ['administrator'],
      tenantId: 't-1',
      portfolios: ['*'],
    });
    expect(await refusal(`Bearer ${foreign}`)).toMatch(/no key|signature/);
  });

  it('refuses a token without the tenant claim', async () => {
    expect(await refusal(`Bearer ${await token(undefined, { fai_roles: ['reviewer'] })}`)).toContain(
      'tenant',
    );
  });
});

describe('TokenVerifier cache of verified tokens', () => {
  /** A key set that counts its look-ups (one per signature verification) and can be rotated. */
  function rotatingKeys(initial: JWTVerifyGetKey) {
    const state = { current: initial, lookups: 0 };
    const keys: JWTVerifyGetKey = (header, jws) => {
      state.lookups++;
      return state.current(header, jws);
    };
    return { state, keys };
  }

  async function keySetOf(kid: string) {
    const pair = await generateKeyPair('ES256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256' }] });
    return { privateKey: pair.privateKey, jwks };
  }

  function signed(privateKey: KeyLike, kid: string, subject: string, expS: number) {
    return new SignJWT(CLAIMS)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(OPTIONS.issuer)
      .setAudience(OPTIONS.audience)
      .setSubject(subject)
      .setExpirationTime(expS)
      .sign(privateKey)
      .then((jwt) => `Bearer ${jwt}`);
  }

  const nowS = () => Math.floor(Date.now() / 1000);

  it('verifies a token once and reuses its principal until the token expires, never beyond', async () => {
    const { privateKey, jwks } = await keySetOf('k1');
    const { state, keys } = rotatingKeys(jwks);
    const clock = { ms: Date.now() };
    const cached = new TokenVerifier(keys, OPTIONS, () => clock.ms);
    const expS = nowS() + 50;
    const bearer = await signed(privateKey, 'k1', 'user-1', expS);
    const first = await cached.principal(bearer);
    await expect(cached.principal(bearer)).resolves.toEqual(first);
    expect(state.lookups).toBe(1);
    clock.ms = expS * 1000 - 1;
    await cached.principal(bearer);
    expect(state.lookups).toBe(1);
    clock.ms = expS * 1000;
    await cached.principal(bearer);
    expect(state.lookups).toBe(2);
  });

  it('verifies again after the cache age, so a withdrawn key stops working within it', async () => {
    const { privateKey, jwks } = await keySetOf('k1');
    const { state, keys } = rotatingKeys(jwks);
    const clock = { ms: Date.now() };
    const cached = new TokenVerifier(keys, OPTIONS, () => clock.ms);
    const bearer = await signed(privateKey, 'k1', 'user-1', nowS() + 3600);
    await cached.principal(bearer);
    state.current = (await keySetOf('k2')).jwks;
    clock.ms += OPTIONS.cacheMaxAgeMs - 1;
    await expect(cached.principal(bearer)).resolves.toMatchObject({ subject: 'user-1' });
    clock.ms += 1;
    await expect(cached.principal(bearer)).rejects.toThrow(UnauthenticatedError);
  });

  it('never keeps a refusal: a token of a key published later is accepted then', async () => {
    const early = await keySetOf('k1');
    const rotated = await keySetOf('k2');
    const { state, keys } = rotatingKeys(early.jwks);
    const cached = new TokenVerifier(keys, OPTIONS);
    const bearer = await signed(rotated.privateKey, 'k2', 'user-2', nowS() + 600);
    await expect(cached.principal(bearer)).rejects.toThrow(UnauthenticatedError);
    state.current = rotated.jwks;
    await expect(cached.principal(bearer)).resolves.toMatchObject({ subject: 'user-2' });
  });

  it('keeps at most cacheEntries tokens, the least recently used out first', async () => {
    const { privateKey, jwks } = await keySetOf('k1');
    const { state, keys } = rotatingKeys(jwks);
    const cached = new TokenVerifier(keys, { ...OPTIONS, cacheEntries: 2 });
    const expS = nowS() + 600;
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((subject) => signed(privateKey, 'k1', subject, expS)),
    );
    for (const bearer of [a, b, a, c]) await cached.principal(bearer);
    expect(state.lookups).toBe(3);
    await cached.principal(a);
    await cached.principal(c);
    expect(state.lookups).toBe(3);
    await cached.principal(b);
    expect(state.lookups).toBe(4);
  });
});

describe('DevTokenIssuer', () => {
  it('signs tokens its own key set verifies', async () => {
    const issuer = await DevTokenIssuer.create({
      issuer: OPTIONS.issuer,
      audience: OPTIONS.audience,
      claims: OPTIONS.claims,
    });
    const { token: signed } = await issuer.sign({
      subject: 'demo-approver',
      roles: ['reviewer'],
      tenantId: 't-1',
      portfolios: ['*'],
    });
    await expect(new TokenVerifier(issuer.keySet(), OPTIONS).principal(`Bearer ${signed}`)).resolves.toEqual({
      subject: 'demo-approver',
      roles: ['reviewer'],
      tenantId: 't-1',
      portfolios: 'all',
    });
    expect(issuer.jwks.keys[0]).not.toHaveProperty('d');
  });
});
