import { COMMAND_SUBJECT_PREFIX } from '@fai/contracts';
import { PlatformConfig } from '@fai/service-kit';
import { IsIn, IsInt, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

export const SERVICE_NAME = 'gateway';

export const OUTPUT_STORE_KINDS = ['filesystem', 'nats'] as const;

const ALGORITHM_LIST = /^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512))*$|^EdDSA$/;

/** Where the gateway keeps its read models and audit log: all its command line needs. */
export class GatewayStoreConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3000;
}

/** The gateway's settings: identity provider, claims, rate limits and where the owning services answer. */
export class GatewayConfig extends GatewayStoreConfig {
  /** The identity provider's JWKS; required unless the dev token issuer stands in for it. */
  @ValidateIf((config: GatewayConfig) => !config.FAI_DEV_TOKEN_ISSUER)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  FAI_OIDC_JWKS_URL?: string;

  /** The `iss` every token must carry (the dev issuer signs with this one too). */
  @IsString()
  @MinLength(1)
  FAI_OIDC_ISSUER: string = 'https://fai.local/dev-issuer';

  /** The `aud` every token must include. */
  @IsString()
  @MinLength(1)
  FAI_OIDC_AUDIENCE: string = 'fai-api';

  /** Signature algorithms accepted, comma-separated; `none` and HMAC are never accepted. */
  @Matches(ALGORITHM_LIST, { message: 'must be a comma-separated list of RS/PS/ES 256/384/512 or EdDSA' })
  FAI_OIDC_ALGORITHMS: string = 'RS256,ES256';

  /** Leeway for exp/nbf/iat between the identity provider's clock and ours. */
  @IsInt()
  @Min(0)
  @Max(300)
  FAI_OIDC_CLOCK_TOLERANCE_S: number = 30;

  /** How long a fetched JWKS is trusted before it is fetched again (a key not found refetches sooner). */
  @IsInt()
  @Min(1000)
  FAI_OIDC_JWKS_CACHE_MS: number = 600_000;

  /** Verified tokens kept in memory (raw token → principal, until the token's exp). */
  @IsInt()
  @Min(0)
  FAI_OIDC_TOKEN_CACHE_ENTRIES: number = 10_000;

  /** The longest a verified token is reused unverified: a withdrawn signing key stops working within it. */
  @IsInt()
  @Min(0)
  FAI_OIDC_TOKEN_CACHE_MS: number = 60_000;

  @Matches(/^[A-Za-z_][A-Za-z0-9_:./-]*$/, { message: 'must be a claim name' })
  FAI_OIDC_ROLES_CLAIM: string = 'fai_roles';

  @Matches(/^[A-Za-z_][A-Za-z0-9_:./-]*$/, { message: 'must be a claim name' })
  FAI_OIDC_TENANT_CLAIM: string = 'fai_tenant';

  @Matches(/^[A-Za-z_][A-Za-z0-9_:./-]*$/, { message: 'must be a claim name' })
  FAI_OIDC_PORTFOLIOS_CLAIM: string = 'fai_portfolios';

  /** Requests per client (token subject, else address) per rate-limit window. */
  @IsInt()
  @Min(1)
  FAI_RATE_LIMIT: number = 600;

  @IsInt()
  @Min(1000)
  FAI_RATE_LIMIT_WINDOW_MS: number = 60_000;

  /** Read requests' audit entries wait at most this long before they are written, many rows per INSERT. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  FAI_AUDIT_FLUSH_MS: number = 50;

  /** Audit entries written per INSERT at most; a full batch is written without waiting. */
  @IsInt()
  @Min(1)
  FAI_AUDIT_BATCH_ROWS: number = 200;

  /** Ingest's HTTP intake, which uploads and downloads are streamed to and from. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  FAI_INGEST_URL: string = 'http://127.0.0.1:3102';

  /** First token of the command subjects of the owning services (`<prefix>.<context>.<command>.v<N>`). */
  @Matches(/^[a-z][a-z0-9_-]*$/, { message: 'must be one lower-case NATS subject token such as fai-cmd' })
  FAI_COMMAND_SUBJECT_PREFIX: string = COMMAND_SUBJECT_PREFIX;

  @IsInt()
  @Min(100)
  FAI_COMMAND_TIMEOUT_MS: number = 10_000;

  /** Reporting's output store (memos, evidence packs), read here for downloads: the same settings as reporting's. */
  @IsIn(OUTPUT_STORE_KINDS)
  FAI_OUTPUT_STORE: (typeof OUTPUT_STORE_KINDS)[number] = 'filesystem';

  @IsString()
  @MinLength(1)
  FAI_OUTPUT_DIR: string = 'data/outputs';

  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be a bucket name: letters, digits, _ and - only' })
  FAI_OUTPUT_BUCKET: string = 'fai-outputs';

  /** Largest upload passed on to ingest (ingest has its own limit too). */
  @IsInt()
  @Min(1)
  FAI_UPLOAD_MAX_BYTES: number = 52_428_800;
}
