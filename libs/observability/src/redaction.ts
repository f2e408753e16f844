export const REDACTED = '***';

// `token` only at the end of a key, so `accessToken` is hidden but `FAI_DEV_TOKEN_ISSUER` (a flag) is not.
const SECRET_KEY =
  /passw(or)?d|passphrase|secret|authorization|cookie|credential|api[-_]?key|private[-_]?key|tokens?$/i;
// scheme://user:password@host — the whole user-info part goes, a user name alone can be a token.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;
const MAX_DEPTH = 8;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Masks credentials embedded in free text: URL user-info and Authorization header values. */
export function redactText(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${REDACTED}@`).replace(BEARER, `Bearer ${REDACTED}`);
}

/** A copy of `value` safe to log: values under secret-looking keys and credentials inside strings are masked. */
export function redactSecrets(value: unknown): unknown {
  return redactValue(value, []);
}

function redactValue(value: unknown, ancestors: object[]): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (ancestors.includes(value)) return '[circular]';
  if (ancestors.length >= MAX_DEPTH) return '[truncated]';
  const path = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => redactValue(item, path));
  const source = value instanceof Error ? { ...value, name: value.name, message: value.message } : value;
  return Object.fromEntries(
    Object.entries(source).map(([key, item]) => [key, isSecretKey(key) ? REDACTED : redactValue(item, path)]),
  );
}
