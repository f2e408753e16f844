import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { DevOnly } from './dev-only.decorator';

export const FAI_ENVS = ['dev', 'staging', 'prod'] as const;
export type FaiEnv = (typeof FAI_ENVS)[number];
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const URL_OPTIONS = { require_tld: false, require_protocol: true };

/**
 * Settings every FAI service reads from its environment. Defaults suit dev on one machine;
 * a service subclasses this with its own settings, each with class-validator decorators and an
 * explicit type (number, boolean or string): loadConfig converts environment strings by that type.
 */
export class BaseConfig {
  @IsIn(FAI_ENVS)
  FAI_ENV: FaiEnv = 'dev';

  @IsOptional()
  @IsString()
  FAI_SERVICE_NAME?: string;

  @IsUrl({ ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] })
  FAI_PG_URL: string = 'postgres://postgres@127.0.0.1:5432/test';

  // Interpolated into SQL as an identifier, so only a plain lower-case name is accepted.
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier such as fai' })
  FAI_PG_SCHEMA: string = 'fai';

  @IsUrl({ ...URL_OPTIONS, protocols: ['nats', 'tls'] })
  FAI_NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsInt()
  @Min(1)
  @Max(65535)
  FAI_HTTP_PORT: number = 3000;

  @IsIn(LOG_LEVELS)
  FAI_LOG_LEVEL: LogLevel = 'info';

  /** Lets the service sign its own bearer tokens instead of trusting the identity provider. */
  @DevOnly()
  @IsBoolean()
  FAI_DEV_TOKEN_ISSUER: boolean = false;

  /** Feeds generated fund data in place of real sources. */
  @DevOnly()
  @IsBoolean()
  FAI_SYNTHETIC_DATA: boolean = false;

  /** How long shutdown waits for in-flight messages and requests before it returns them. */
  @IsInt()
  @Min(0)
  FAI_SHUTDOWN_GRACE_MS: number = 10000;
}
