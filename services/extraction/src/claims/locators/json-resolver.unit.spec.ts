import { LocatorResolutionError } from '../extraction-errors';
import { createJsonResolver, jsonPointer } from './json-resolver';

describe('json pointer locator resolver', () => {
  const resolveJson = createJsonResolver(
    '{"values":[100.0,113.0270],"a/b":{"c~d":"x"},"flag":true,"none":null,"list":[1]}',
  );

  it('returns numbers exactly as written, not as binary floats', () => {
    expect(resolveJson('/values/0')).toBe('100.0');
    expect(resolveJson('/values/1')).toBe('113.0270');
  });

  it('follows escaped tokens, and writes them escaped', () => {
    expect(jsonPointer(['a/b', 'c~d'])).toBe('/a~1b/c~0d');
    expect(resolveJson(jsonPointer(['a/b', 'c~d']))).toBe('x');
    expect(resolveJson('/flag')).toBe('true');
  });

  it('gives null for JSON null and for nothing', () => {
    expect(resolveJson('/none')).toBeNull();
    expect(resolveJson('/values/5')).toBeNull();
  });

  it('refuses pointers at objects or arrays and strings that are not pointers', () => {
    expect(() => resolveJson('/list')).toThrow(LocatorResolutionError);
    expect(() => resolveJson('values/0')).toThrow(LocatorResolutionError);
  });
});
