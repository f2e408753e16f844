import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { GatewayConfig } from '../gateway.config';
import { ExpiringLru } from './expiring-lru';
import { principalFromClaims, type ClaimNames, type Principal } from './principal';
import { UnauthenticatedError } from './security-errors';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Accepted `alg` values; anything else (`none`, HMAC with a public key…) is refused. */
  algorithms: readonly string[];
  clockToleranceS: number;
  claims: ClaimNames;
  /** Verified tokens kept (raw token → principal), least recently used first out. */
  cacheEntries: number;
  /**
   * The longest a verified token is reused without verifying it again, whatever its `exp`: bounds
   * how long a token signed by a key the identity provider has since withdrawn is still accepted.
   */
  cacheMaxAgeMs: number;
}

/**
 * Verifies OIDC bearer tokens: signature by a key of the JWKS (cached, refetched when a token names
 * an unknown key id), issuer, audience, expiry and not-before with a small clock tolerance, and an
 * algorithm allow-list; then reads the principal from the role and scope claims.
 *
 * A verified token's principal is kept, keyed by the raw token, until the token's `exp` (never
 * beyond, and at most cacheMaxAgeMs): a client sends the same token on every request, and the
 * signature check is the dearest step of a read. Refusals are never kept.
 */
export class TokenVerifier {
  private readonly verified: ExpiringLru<Principal>;

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: TokenVerifierOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.verified = new ExpiringLru(options.cacheEntries, now);
  }

  async principal(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    const { principal, expiresAtS } = await this.verify(token);
    this.verified.set(token, principal, Math.min(expiresAtS * 1000, this.now() + this.options.cacheMaxAgeMs));
    return principal;
  }

  private async verify(token: string): Promise<{ principal: Principal; expiresAtS: number }> {
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...this.options.algorithms],
        clockTolerance: this.options.clockToleranceS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(tokenProblem(error));
    }
    const principal = principalFromClaims(claims, this.options.claims);
    if ('problem' in principal) throw new UnauthenticatedError(principal.problem);
    // jwtVerify required a numeric exp.
    return { principal, expiresAtS: claims.exp as number };
  }
}

export function verifierOptions(config: GatewayConfig): TokenVerifierOptions {
  return {
    issuer: config.FAI_OIDC_ISSUER,
    audience: config.FAI_OIDC_AUDIENCE,
    algorithms: config.FAI_OIDC_ALGORITHMS.split(','),
    clockToleranceS: config.FAI_OIDC_CLOCK_TOLERANCE_S,
    claims: {
      roles: config.FAI_OIDC_ROLES_CLAIM,
      tenant: config.FAI_OIDC_TENANT_CLAIM,
      portfolios: config.FAI_OIDC_PORTFOLIOS_CLAIM,
    },
    cacheEntries: config.FAI_OIDC_TOKEN_CACHE_ENTRIES,
    cacheMaxAgeMs: config.FAI_OIDC_TOKEN_CACHE_MS,
  };
}

/** The identity provider's key set, fetched on first use and cached for FAI_OIDC_JWKS_CACHE_MS. */
export function remoteKeySet(url: string, cacheMs: number): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: cacheMs, cooldownDuration: 30_000 });
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('no bearer token');
  return match[1];
}

// The reason goes to the caller and the log; never the token itself.
function tokenProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not acceptable`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JOSEError) return `the token is not acceptable (${error.code})`;
  return 'the identity provider could not be reached to verify the token';
}
