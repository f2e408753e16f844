import { isSecretKey, redactSecrets, redactText } from './redaction';

describe('isSecretKey', () => {
  it.each([
    'password',
    'FAI_PG_PASSWORD',
    'passwd',
    'clientSecret',
    'FAI_JWT_SECRET',
    'authorization',
    'Cookie',
    'set-cookie',
    'credentials',
    'apiKey',
    'api_key',
    'private_key',
    'token',
    'accessToken',
    'refresh_token',
    'FAI_API_TOKEN',
  ])('treats %s as secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['FAI_DEV_TOKEN_ISSUER', 'tokenCount', 'fundId', 'stage', 'passage', 'url', 'user'])(
    'treats %s as plain',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('redactText', () => {
  it('masks the user-info of any URL and bearer tokens', () => {
    expect(redactText('postgres://postgres:postgres@127.0.0.1:5432/test')).toBe(
      'postgres://***@127.0.0.1:5432/test',
    );
    expect(redactText('see https://ghp_abc@github.com/x and nats://n:p@h:4222')).toBe(
      'see https://***@github.com/x and nats://***@h:4222',
    );
    expect(redactText('Authorization: Bearer eyJ.a-b_c.d')).toBe('Authorization: Bearer ***');
  });

  it('leaves URLs without credentials and plain e-mail addresses alone', () => {
    const text = 'postgres://127.0.0.1:5432/test?user=x mailed ops@example.com';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactSecrets', () => {
  it('masks nested secret keys and credentials in strings, without touching the input', () => {
    const input = {
      db: { url: 'postgres://fai:pw@db/fai', password: 'pw' },
      requests: [{ headers: { Authorization: 'Bearer t' } }],
      count: 2,
      at: new Date(0),
    };

    expect(redactSecrets(input)).toEqual({
      db: { url: 'postgres://***@db/fai', password: '***' },
      requests: [{ headers: { Authorization: '***' } }],
      count: 2,
      at: new Date(0),
    });
    expect(input.db.password).toBe('pw');
  });

  it('survives cycles and turns nested errors into plain objects', () => {
    const node: Record<string, unknown> = { name: 'root' };
    node.self = node;
    const error = Object.assign(new Error('failed at postgres://u:p@h/db'), { secret: 's' });

    expect(redactSecrets({ node, error })).toEqual({
      node: { name: 'root', self: '[circular]' },
      error: { name: 'Error', message: 'failed at postgres://***@h/db', secret: '***' },
    });
  });
});
