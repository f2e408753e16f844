import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { FaiError } from '@fai/contracts';
import busboy from 'busboy';
import { RequestInvalidError } from '../api/problem';

/** The form fields ingest's intake takes beside the file. */
export const INTAKE_FIELDS = [
  'portfolioId',
  'cycleId',
  'fundId',
  'sourceType',
  'origin',
  'retrievedAt',
] as const;

export class UpstreamUnavailableError extends FaiError {
  constructor(what: string, cause: string) {
    super({
      code: 'UPSTREAM_UNAVAILABLE',
      message: `${what} did not answer: ${cause}`,
      hint: 'Check that the ingest service is running and FAI_INGEST_URL points at it, then retry.',
    });
  }
}

export interface UploadStart {
  fields: Record<string, string>;
  fileName: string;
  mediaType: string;
  /** The file's bytes as they arrive. */
  file: Readable;
}

/**
 * Reads a multipart upload up to its file part (fields must come first, as browsers send them in
 * form order), so the portfolio is known, and checked, before a byte of the file is passed on.
 */
export function readUploadStart(request: IncomingMessage, maxBytes: number): Promise<UploadStart> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes, fields: 20 } });
    } catch {
      reject(new RequestInvalidError(['the body must be multipart/form-data']));
      return;
    }
    const fields: Record<string, string> = {};
    let started = false;
    parser.on('field', (name, value) => {
      if ((INTAKE_FIELDS as readonly string[]).includes(name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || started) {
        stream.resume();
        return;
      }
      started = true;
      const file = new PassThrough();
      stream.on('limit', () =>
        file.destroy(
          new FaiError({
            code: 'ARTEFACT_TOO_LARGE',
            message: `the file is larger than ${maxBytes} bytes`,
            hint: 'Send a smaller file.',
          }),
        ),
      );
      stream.pipe(file);
      resolve({ fields, fileName: info.filename ?? 'upload', mediaType: info.mimeType, file });
    });
    parser.on('error', (error) =>
      reject(started ? error : new RequestInvalidError([String((error as Error).message)])),
    );
    parser.on('close', () => {
      if (!started) reject(new RequestInvalidError(['there is no file part named "file" after the fields']));
    });
    request.pipe(parser);
  });
}

/** A multipart body for ingest: the checked fields, then the file streamed through. */
export function intakeBody(upload: UploadStart): { contentType: string; body: Readable } {
  const boundary = `fai-${randomBytes(12).toString('hex')}`;
  const quote = (value: string) => value.replace(/["\r\n\\]/g, '_');
  async function* parts(): AsyncGenerator<Buffer> {
    for (const [name, value] of Object.entries(upload.fields))
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(upload.fileName)}"\r\n` +
        `Content-Type: ${quote(upload.mediaType)}\r\n\r\n`,
    );
    for await (const chunk of upload.file) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Readable.from(parts()) };
}
