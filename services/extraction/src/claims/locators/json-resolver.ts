import jsonpointer from 'jsonpointer';
import { isLosslessNumber, parse } from 'lossless-json';
import { LocatorResolutionError } from '../extraction-errors';

/** Resolves an RFC 6901 JSON pointer to the value's source text: null when nothing (or JSON null) is there. */
export type JsonResolver = (pointer: string) => string | null;

/**
 * Parses JSON keeping every number exactly as written (`113.0270` stays `113.0270`); shared by
 * the extractors that read JSON and the resolver that checks their pointers.
 */
export function parseJsonLossless(text: string): unknown {
  return parse(text.replace(/^\uFEFF/, ''));
}

/** A number's source text or a string as is; undefined for anything that is not a scalar. */
export function jsonScalarText(value: unknown): string | null | undefined {
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return null;
  return undefined;
}

export function jsonPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((token) => `/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function createJsonResolver(json: Buffer | string): JsonResolver {
  const document = parseJsonLossless(typeof json === 'string' ? json : json.toString('utf8'));
  return (pointer) => {
    const value = lookUp(document, pointer);
    if (value === undefined) return null;
    const text = jsonScalarText(value);
    if (text === undefined) {
      throw new LocatorResolutionError(
        'LOCATOR_INVALID',
        `JSON pointer ${pointer} points at an object or array, not a value.`,
        'Point the locator at a number, string or boolean.',
        { pointer },
      );
    }
    return text;
  };
}

function lookUp(document: unknown, pointer: string): unknown {
  try {
    return jsonpointer.get(document as object, pointer);
  } catch (error) {
    throw new LocatorResolutionError(
      'LOCATOR_INVALID',
      `Not a JSON pointer: ${pointer} (${(error as Error).message})`,
      'Use an RFC 6901 pointer such as /values/0.',
      { pointer },
    );
  }
}
