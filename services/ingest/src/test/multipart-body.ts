import { randomBytes } from 'node:crypto';

export interface FilePart {
  /** Written as given into the Content-Disposition header (RFC 8187 `filename*` when `encoded`). */
  fileName: string;
  encoded?: boolean;
  contentType?: string;
  content: Buffer | string;
}

/** A multipart/form-data body built byte by byte, so tests control every header of the file part. */
export function multipartBody(
  fields: Record<string, string>,
  file?: FilePart,
): { body: Buffer; contentType: string } {
  const boundary = `----fai${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    const disposition = file.encoded
      ? `filename*=UTF-8''${encodeURIComponent(file.fileName)}`
      : `filename="${file.fileName}"`;
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
