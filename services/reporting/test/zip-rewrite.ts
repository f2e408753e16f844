import { openZipArchive } from '@fai/safe-archive';
import { zipFiles } from '../src/pack/evidence-pack';

/** The entries of a zip, in order (test helper: to tamper with a pack). */
export async function unzip(archive: Buffer): Promise<Map<string, Buffer>> {
  const zip = await openZipArchive(archive, {
    limitExceeded: (reason) => new Error(reason),
    unreadable: (reason) => new Error(reason),
  });
  const entries = new Map<string, Buffer>();
  for (const name of zip.names) entries.set(name, (await zip.read(name))!);
  zip.close();
  return entries;
}

export function rezip(entries: Map<string, Buffer>): Promise<Buffer> {
  return zipFiles([...entries]);
}
