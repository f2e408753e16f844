import ExcelJS from 'exceljs';
import { DEFAULT_ZIP_LIMITS, openZipArchive, type ZipLimits } from '@fai/safe-archive';
import { ExtractionFailedError } from '../../claims/extraction-errors';

export { DEFAULT_ZIP_LIMITS, type ZipLimits };

/**
 * Loads a workbook only after every zip entry has been inflated once within the limits. exceljs (via
 * JSZip) trusts the sizes an archive declares; the shared guard checks the declared sizes first and
 * each entry's real inflated size while reading, so neither a large declared size nor a lying one
 * gets through.
 */
export async function loadWorkbookSafely(
  bytes: Buffer,
  extractorId: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ExcelJS.Workbook> {
  await checkArchive(bytes, extractorId, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as its own ArrayBuffer-like `Buffer`; at run time it reads a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw unreadable(extractorId, error);
  }
  return workbook;
}

/** Inflates every entry once: the library refuses limits from the directory and lying sizes while inflating. */
async function checkArchive(bytes: Buffer, extractorId: string, limits: ZipLimits): Promise<void> {
  const archive = await openZipArchive(
    bytes,
    {
      limitExceeded: (reason, entry) => tooLarge(extractorId, reason, entry ?? 'the archive'),
      unreadable: (reason) => unreadable(extractorId, reason),
    },
    limits,
  );
  try {
    for (const name of archive.names) await archive.read(name);
  } finally {
    archive.close();
  }
}

function tooLarge(extractorId: string, reason: string, entry: string): ExtractionFailedError {
  return new ExtractionFailedError(
    'EXTRACTION_ARCHIVE_TOO_LARGE',
    `The workbook was refused before reading: ${reason} (${entry}).`,
    'A real FinDatEx workbook expands to a few MiB; ask the sender for the original file.',
    { extractorId, entry, reason },
  );
}

function unreadable(extractorId: string, cause: unknown): ExtractionFailedError {
  return new ExtractionFailedError(
    'EXTRACTION_XLSX_UNREADABLE',
    `The file is not a readable XLSX workbook: ${cause instanceof Error ? cause.message : String(cause)}.`,
    'Check that the artefact is an .xlsx file (not .xls or a renamed file) and that it is complete.',
    { extractorId },
  );
}
