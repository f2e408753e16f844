import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import type { ClaimNames } from './principal';
import type { Role } from './roles';

const ALGORITHM = 'ES256';

export interface DevTokenRequest {
  subject: string;
  roles: readonly Role[];
  tenantId: string;
  /** Portfolio ids, or `*` for every portfolio of the tenant. */
  portfolios: readonly string[];
  /** Lifetime in seconds; default one hour. */
  expiresInS?: number;
}

/**
 * Signs development tokens with a key generated at start-up and publishes its JWKS, standing in for
 * an identity provider in dev and the demo. The configuration refuses it with FAI_ENV=prod
 * (FAI_DEV_TOKEN_ISSUER is a dev-only setting), so production only trusts its real identity provider.
 */
export class DevTokenIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    readonly jwks: JSONWebKeySet,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly claims: ClaimNames,
  ) {}

  static async create(options: {
    issuer: string;
    audience: string;
    claims: ClaimNames;
  }): Promise<DevTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
    const kid = `dev-${randomUUID()}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
    return new DevTokenIssuer(privateKey, { keys: [jwk] }, options.issuer, options.audience, options.claims);
  }

  /** The key set the gateway's verifier trusts while the dev issuer is on. */
  keySet(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks);
  }

  async sign(request: DevTokenRequest): Promise<{ token: string; expiresAt: string }> {
    const expiresInS = request.expiresInS ?? 3600;
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      [this.claims.roles]: [...request.roles],
      [this.claims.tenant]: request.tenantId,
      [this.claims.portfolios]: [...request.portfolios],
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.jwks.keys[0].kid })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(request.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInS)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { token, expiresAt: new Date((now + expiresInS) * 1000).toISOString() };
  }
}
