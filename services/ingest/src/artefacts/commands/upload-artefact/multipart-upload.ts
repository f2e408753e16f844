import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { IntakeRequestInvalidError } from '../../intake-errors';
import { ArtefactRefusedError, ArtefactTooLargeError } from '@fai/artefact-store';

export interface UploadedFile {
  /** As the client sent it (folders included): validated, never used as a path. */
  fileName: string;
  declaredMediaType: string;
  /** The content, or why it was refused while it streamed in. */
  read(): Promise<Buffer>;
}

export interface MultipartUpload {
  fields: Readonly<Record<string, string>>;
  file?: UploadedFile;
}

const FIELD_LIMITS = { fields: 20, fieldSize: 4096, parts: 30 };

/**
 * Reads a multipart/form-data upload with busboy: form fields, and one file part named `file`
 * whose bytes are kept only up to `maxBytes`. Past that, busboy truncates the part and discards
 * the rest of it as it arrives; the upload is refused with ARTEFACT_TOO_LARGE once the request has
 * been read to its end (so the client, still sending, gets the answer).
 */
export function readMultipartUpload(request: IncomingMessage, maxBytes: number): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Keep the name as sent: "../../x" must be refused, not quietly shortened to "x".
        preservePath: true,
        defParamCharset: 'utf8',
        limits: { ...FIELD_LIMITS, files: 1, fileSize: maxBytes },
      });
    } catch (error) {
      reject(
        new IntakeRequestInvalidError(`the body is not multipart/form-data (${(error as Error).message})`),
      );
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let problem: string | undefined;

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) problem ??= `field ${name} is longer than ${FIELD_LIMITS.fieldSize} bytes`;
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        problem ??= `unexpected file part "${name}"`;
        stream.resume();
        return;
      }
      let chunks: Buffer[] = [];
      let refusal: ArtefactRefusedError | undefined;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        refusal = new ArtefactTooLargeError(maxBytes);
        chunks = [];
      });
      let content: Promise<Buffer> | undefined;
      const ended = new Promise<void>((done) => stream.on('end', done));
      file = {
        fileName: info.filename ?? '',
        declaredMediaType: info.mimeType,
        read: () =>
          (content ??= ended.then(() => {
            if (refusal) throw refusal;
            return Buffer.concat(chunks);
          })),
      };
    });
    parser.on('filesLimit', () => (problem ??= 'more than one file part'));
    parser.on('fieldsLimit', () => (problem ??= `more than ${FIELD_LIMITS.fields} fields`));
    parser.on('partsLimit', () => (problem ??= `more than ${FIELD_LIMITS.parts} parts`));
    parser.on('error', (error) =>
      reject(new IntakeRequestInvalidError(`the multipart body is malformed (${(error as Error).message})`)),
    );
    parser.on('close', () =>
      problem
        ? reject(new IntakeRequestInvalidError(problem))
        : resolve({ fields, ...(file ? { file } : {}) }),
    );
    request.on('error', (error) =>
      reject(new IntakeRequestInvalidError(`the upload broke off (${error.message})`)),
    );
    request.pipe(parser);
  });
}
