import { ArtefactFileNameInvalidError } from './inspection-errors';

const MAX_FILE_NAME_BYTES = 255;
// C0 and C1 control characters, DEL, and the bidi overrides that make "invoice\u202efdp.exe" read as a PDF.
const HIDDEN_RANGES: ReadonlyArray<[number, number]> = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];
const isHidden = (char: string) =>
  HIDDEN_RANGES.some(([from, to]) => char.codePointAt(0)! >= from && char.codePointAt(0)! <= to);

/**
 * A file name is metadata shown to people and used in download headers, never a path: it may not
 * name a folder, climb out of one, or hide characters. Returns the name unchanged when acceptable.
 */
export function validateFileName(name: string): string {
  const reason = fileNameProblem(name);
  if (reason) throw new ArtefactFileNameInvalidError(reason);
  return name;
}

function fileNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'it is empty';
  if (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES)
    return `it is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  if ([...name].some(isHidden)) return 'it contains control or bidirectional-override characters';
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  if (name === '.' || name === '..') return 'it is a relative path';
  if (/^[a-z]:/i.test(name)) return 'it starts with a drive letter';
  return undefined;
}
