import {
  DEFAULT_ZIP_LIMITS,
  openZipArchive as openArchive,
  type ZipArchive,
  type ZipLimits,
} from '@fai/safe-archive';
import { ArtefactZipBombError, ArtefactZipUnreadableError } from './inspection-errors';

export { DEFAULT_ZIP_LIMITS, type ZipArchive, type ZipLimits };

/** Opens an uploaded archive behind the zip-bomb limits; refusals are ingest's typed errors. */
export function openZipArchive(content: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
  return openArchive(
    content,
    {
      limitExceeded: (reason, entry) => new ArtefactZipBombError(reason, entry),
      unreadable: (reason) => new ArtefactZipUnreadableError(reason),
    },
    limits,
  );
}
