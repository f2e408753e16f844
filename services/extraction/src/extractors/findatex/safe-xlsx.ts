import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { ExtractionFailedError } from '../../claims/extraction-errors';

/** Bounds on what an XLSX (a zip) may expand to before it is handed to the workbook reader. */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio allowed for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

const MIB = 1024 * 1024;

/** The official EMT V4.3 template (the largest real workbook here) expands to 18 MiB at a ratio of 6. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 128 * MIB,
  maxTotalBytes: 256 * MIB,
  maxRatio: 200,
  ratioFloorBytes: MIB,
};

/**
 * Loads a workbook only after every zip entry has been inflated once within the limits. exceljs (via
 * JSZip) trusts the sizes an archive declares; yauzl checks each entry's real inflated size against its
 * declared size while streaming, so neither a large declared size nor a lying one gets through.
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

async function checkArchive(bytes: Buffer, extractorId: string, limits: ZipLimits): Promise<void> {
  const zip = await openZip(bytes, extractorId);
  let entries = 0;
  let total = 0;
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      entries += 1;
      const declared = entry.uncompressedSize;
      const ratio = declared / Math.max(entry.compressedSize, 1);
      if (entries > limits.maxEntries)
        throw tooLarge(extractorId, `more than ${limits.maxEntries} entries`, entry.fileName);
      if (declared > limits.maxEntryBytes)
        throw tooLarge(extractorId, `entry declares ${declared} bytes`, entry.fileName);
      if (declared > limits.ratioFloorBytes && ratio > limits.maxRatio) {
        throw tooLarge(extractorId, `entry expands ${Math.round(ratio)}-fold`, entry.fileName);
      }
      total += declared;
      if (total > limits.maxTotalBytes)
        throw tooLarge(
          extractorId,
          `entries declare more than ${limits.maxTotalBytes} bytes`,
          entry.fileName,
        );
      await drain(zip, entry, extractorId);
    }
  } finally {
    zip.close();
  }
}

function openZip(bytes: Buffer, extractorId: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) =>
      error || !zip ? reject(unreadable(extractorId, error)) : resolve(zip),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: Error) => settle(() => reject(error));
    const settle = (done: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      done();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

// yauzl's message when an entry inflates past the size it declared.
const TOO_MANY_BYTES = /too many bytes/i;

/** Inflates one entry to nowhere; yauzl fails the stream as soon as it yields more than the entry declared. */
function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, extractorId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(unreadable(extractorId, error));
      stream.on('error', (cause) =>
        reject(
          TOO_MANY_BYTES.test(cause.message)
            ? tooLarge(extractorId, cause.message, entry.fileName)
            : unreadable(extractorId, cause),
        ),
      );
      stream.on('end', () => resolve());
      stream.resume();
    });
  });
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
