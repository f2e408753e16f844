import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Min, MinLength } from 'class-validator';
import { BaseConfig } from './base-config';
import { ConfigError } from './config-error';
import { DevOnly } from './dev-only.decorator';
import { loadConfig } from './load-config';

class ExtractionConfig extends BaseConfig {
  @IsInt()
  @Min(1)
  FAI_EXTRACTION_CONCURRENCY: number = 2;

  @IsBoolean()
  FAI_EXTRACTION_OCR: boolean = false;

  @IsUrl({ require_tld: false })
  FAI_JWKS_URL!: string;

  @IsString()
  @MinLength(32)
  FAI_SIGNING_SECRET: string = 'x'.repeat(32);

  @DevOnly()
  @IsOptional()
  @IsString()
  FAI_FIXTURE_DIR?: string;
}

const PROD_PG_URL = 'postgres://fai_validation:Str0ng-pw@pg.fai.svc:5432/fai';
const EXTRACTION_ENV = { FAI_JWKS_URL: 'https://idp.example/jwks' };

/** The problems a failing load reports, keyed by setting. */
function problemsOf(load: () => unknown): Record<string, { value?: string; problem: string }> {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    return Object.fromEntries(problems.map(({ key, ...rest }) => [key, rest]));
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  it('gives dev defaults when nothing is set', () => {
    expect({ ...loadConfig(BaseConfig, {}) }).toEqual({
      FAI_ENV: 'dev',
      FAI_PG_URL: 'postgres://postgres@127.0.0.1:5432/test',
      FAI_PG_SCHEMA: 'fai',
      FAI_NATS_URL: 'nats://127.0.0.1:4222',
      FAI_HTTP_PORT: 3000,
      FAI_LOG_LEVEL: 'info',
      FAI_DEV_TOKEN_ISSUER: false,
      FAI_SYNTHETIC_DATA: false,
      FAI_SHUTDOWN_GRACE_MS: 10000,
    });
  });

  it('converts environment strings to numbers, booleans and enum values', () => {
    const config = loadConfig(BaseConfig, {
      FAI_ENV: 'staging',
      FAI_SERVICE_NAME: 'validation',
      FAI_HTTP_PORT: '8080',
      FAI_LOG_LEVEL: 'debug',
      FAI_SYNTHETIC_DATA: 'true',
      FAI_DEV_TOKEN_ISSUER: 'false',
      FAI_SHUTDOWN_GRACE_MS: '0',
      FAI_PG_SCHEMA: 'validation_rm',
    });

    expect(config).toMatchObject({
      FAI_ENV: 'staging',
      FAI_SERVICE_NAME: 'validation',
      FAI_HTTP_PORT: 8080,
      FAI_LOG_LEVEL: 'debug',
      FAI_SYNTHETIC_DATA: true,
      FAI_DEV_TOKEN_ISSUER: false,
      FAI_SHUTDOWN_GRACE_MS: 0,
      FAI_PG_SCHEMA: 'validation_rm',
    });
  });

  it('keeps the default for a variable set to the empty string', () => {
    expect(loadConfig(BaseConfig, { FAI_HTTP_PORT: '' }).FAI_HTTP_PORT).toBe(3000);
  });

  it('returns a frozen config', () => {
    expect(Object.isFrozen(loadConfig(BaseConfig, {}))).toBe(true);
  });

  it.each([
    ['FAI_HTTP_PORT', 'abc', 'must be a number'],
    ['FAI_HTTP_PORT', '12abc', 'must be a number'],
    ['FAI_HTTP_PORT', '80.5', 'must be an integer number'],
    ['FAI_HTTP_PORT', '70000', 'must not be greater than 65535'],
    ['FAI_SHUTDOWN_GRACE_MS', '-1', 'must not be less than 0'],
    ['FAI_HTTP_PORT', '0', 'must not be less than 1'],
    ['FAI_SYNTHETIC_DATA', 'yes', 'must be true or false'],
    ['FAI_DEV_TOKEN_ISSUER', '1', 'must be true or false'],
    ['FAI_ENV', 'production', 'must be one of the following values: dev, staging, prod'],
    ['FAI_LOG_LEVEL', 'verbose', 'must be one of the following values: error, warn, info, debug'],
    ['FAI_PG_URL', 'mysql://db:3306/fai', 'must be a URL address'],
    ['FAI_NATS_URL', 'not a url', 'must be a URL address'],
    ['FAI_PG_SCHEMA', 'Fai; drop', 'must be a lower-case SQL identifier such as fai'],
  ])('rejects %s=%j: %s', (key, value, problem) => {
    expect(problemsOf(() => loadConfig(BaseConfig, { [key]: value }))).toEqual({ [key]: { value, problem } });
  });

  it('lists every bad setting in one error with what is wrong and a hint', () => {
    const load = () => loadConfig(BaseConfig, { FAI_HTTP_PORT: 'abc', FAI_LOG_LEVEL: 'verbose' });

    expect(load).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: [
          'Configuration is invalid:',
          '  - FAI_HTTP_PORT="abc": must be a number',
          '  - FAI_LOG_LEVEL="verbose": must be one of the following values: error, warn, info, debug',
        ].join('\n'),
        hint: expect.stringContaining('start the service again'),
      }),
    );
  });

  describe('in a subclass', () => {
    it('loads the added settings with the base ones', () => {
      const config = loadConfig(ExtractionConfig, {
        ...EXTRACTION_ENV,
        FAI_EXTRACTION_CONCURRENCY: '4',
        FAI_EXTRACTION_OCR: 'true',
        FAI_HTTP_PORT: '3100',
      });

      expect(config).toBeInstanceOf(ExtractionConfig);
      expect(config).toMatchObject({
        FAI_EXTRACTION_CONCURRENCY: 4,
        FAI_EXTRACTION_OCR: true,
        FAI_JWKS_URL: 'https://idp.example/jwks',
        FAI_HTTP_PORT: 3100,
        FAI_PG_SCHEMA: 'fai',
      });
    });

    it('reports a required setting that is not set', () => {
      expect(problemsOf(() => loadConfig(ExtractionConfig, {}))).toEqual({
        FAI_JWKS_URL: { problem: 'is required and must be a URL address' },
      });
      expect(() => loadConfig(ExtractionConfig, {})).toThrow('  - FAI_JWKS_URL (not set): is required');
    });

    it('reports bad added settings and masks secret values', () => {
      const problems = problemsOf(() =>
        loadConfig(ExtractionConfig, {
          ...EXTRACTION_ENV,
          FAI_EXTRACTION_CONCURRENCY: 'many',
          FAI_SIGNING_SECRET: 'short-secret',
        }),
      );

      expect(problems).toEqual({
        FAI_EXTRACTION_CONCURRENCY: { value: 'many', problem: 'must be a number' },
        FAI_SIGNING_SECRET: { value: '***', problem: 'must be longer than or equal to 32 characters' },
      });
    });
  });

  describe('with FAI_ENV=prod', () => {
    const prod = { FAI_ENV: 'prod', FAI_PG_URL: PROD_PG_URL };

    it('accepts real credentials with dev-only settings off', () => {
      const config = loadConfig(ExtractionConfig, {
        ...prod,
        ...EXTRACTION_ENV,
        FAI_SYNTHETIC_DATA: 'false',
      });

      expect(config).toMatchObject({ FAI_ENV: 'prod', FAI_PG_URL: PROD_PG_URL, FAI_SYNTHETIC_DATA: false });
    });

    it.each(['FAI_DEV_TOKEN_ISSUER', 'FAI_SYNTHETIC_DATA'])('refuses %s=true', (key) => {
      expect(problemsOf(() => loadConfig(BaseConfig, { ...prod, [key]: 'true' }))).toEqual({
        [key]: {
          value: 'true',
          problem: 'is a dev-only setting that prod refuses; unset it or set it to false',
        },
      });
    });

    it('refuses a @DevOnly setting of a subclass when it is set, and only in prod', () => {
      const env = { ...prod, ...EXTRACTION_ENV, FAI_FIXTURE_DIR: '/fixtures' };

      expect(problemsOf(() => loadConfig(ExtractionConfig, env))).toEqual({
        FAI_FIXTURE_DIR: {
          value: '/fixtures',
          problem: 'is a dev-only setting that prod refuses; unset it or set it to false',
        },
      });
      expect(loadConfig(ExtractionConfig, { ...env, FAI_ENV: 'staging' }).FAI_FIXTURE_DIR).toBe('/fixtures');
    });

    it.each([
      ['the default URL, which has no password', undefined],
      ['a URL without a password', 'postgres://fai@pg.fai.svc:5432/fai'],
      ['the password postgres', 'postgres://postgres:postgres@pg.fai.svc:5432/fai'],
    ])('refuses %s', (_case, url) => {
      const problems = problemsOf(() => loadConfig(BaseConfig, { FAI_ENV: 'prod', FAI_PG_URL: url }));

      expect(problems).toEqual({
        FAI_PG_URL: {
          value: expect.stringMatching(/^postgres:\/\/\*\*\*@/),
          problem:
            'prod refuses the default database credentials; use the service role with its own password',
        },
      });
    });

    it('reports a bad value once, not also as a prod refusal', () => {
      expect(problemsOf(() => loadConfig(BaseConfig, { ...prod, FAI_SYNTHETIC_DATA: 'yes' }))).toEqual({
        FAI_SYNTHETIC_DATA: { value: 'yes', problem: 'must be true or false' },
      });
    });

    it('lists every refusal at once', () => {
      const problems = problemsOf(() =>
        loadConfig(BaseConfig, { FAI_ENV: 'prod', FAI_DEV_TOKEN_ISSUER: 'true', FAI_SYNTHETIC_DATA: 'true' }),
      );

      expect(Object.keys(problems).sort()).toEqual([
        'FAI_DEV_TOKEN_ISSUER',
        'FAI_PG_URL',
        'FAI_SYNTHETIC_DATA',
      ]);
    });
  });
});
