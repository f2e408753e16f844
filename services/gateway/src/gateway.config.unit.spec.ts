import { ConfigError, loadConfig } from '@fai/config';
import { GatewayConfig } from './gateway.config';

const PROD = {
  FAI_ENV: 'prod',
  FAI_PG_URL: 'postgres://fai_gateway:Str0ng-pw@pg:5432/fai',
  FAI_OIDC_JWKS_URL: 'https://idp.example/jwks',
};

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(GatewayConfig, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => problem.key);
  }
  return [];
}

describe('GatewayConfig', () => {
  it('accepts prod with an identity provider', () => expect(problems(PROD)).toEqual([]));

  it('refuses the dev token issuer in prod at start-up', () => {
    expect(problems({ ...PROD, FAI_DEV_TOKEN_ISSUER: 'true' })).toEqual(['FAI_DEV_TOKEN_ISSUER']);
  });

  it('needs a JWKS URL unless the dev issuer stands in for the identity provider', () => {
    expect(problems({})).toEqual(['FAI_OIDC_JWKS_URL']);
    expect(problems({ FAI_DEV_TOKEN_ISSUER: 'true' })).toEqual([]);
  });

  it.each(['none', 'HS256', 'RS256,HS256'])('refuses the algorithm list %s', (algorithms) => {
    expect(problems({ ...PROD, FAI_OIDC_ALGORITHMS: algorithms })).toEqual(['FAI_OIDC_ALGORITHMS']);
  });
});
