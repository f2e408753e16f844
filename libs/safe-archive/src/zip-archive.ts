import yauzl from 'yauzl';

/** Bounds on what an archive may declare before anything in it is unpacked. */
export interface ZipLimits {
  maxEntries: number;
  /** Largest declared uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest declared uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

const MIB = 1024 * 1024;

/** The official EMT V4.3 workbook, the largest real one seen, declares 18 MiB at a ratio of about 6. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 128 * MIB,
  maxTotalBytes: 256 * MIB,
  maxRatio: 200,
  ratioFloorBytes: MIB,
};

/**
 * How a caller names the two refusals: each service keeps its own stable error codes
 * (an ingest refusal, an extraction failure) for the same checks.
 */
export interface ZipRefusals {
  limitExceeded(reason: string, entry?: string): Error;
  unreadable(reason: string): Error;
}

/** An archive whose central directory passed the limits; entries are unpacked only on request. */
export interface ZipArchive {
  readonly names: ReadonlySet<string>;
  /** The entry's bytes; unpacking fails if it yields more than the entry declared. */
  read(name: string): Promise<Buffer | undefined>;
  close(): void;
}

/**
 * Reads the central directory (the declared sizes of every entry) with yauzl and refuses zip bombs
 * there, before a byte is inflated: too many entries, too large an entry or total, too high a
 * compression ratio. Sizes an archive lies about are caught while reading: yauzl fails an entry
 * that inflates past its declared size.
 */
export async function openZipArchive(
  content: Buffer,
  refusals: ZipRefusals,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      content,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true },
      (error, file) =>
        error || !file ? reject(refusals.unreadable(error?.message ?? 'no archive')) : resolve(file),
    ),
  );
  try {
    const entries = await readDirectory(zip, limits, refusals);
    return {
      names: new Set(entries.keys()),
      read: (name) => {
        const entry = entries.get(name);
        return entry ? inflate(zip, entry, refusals) : Promise.resolve(undefined);
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function readDirectory(
  zip: yauzl.ZipFile,
  limits: ZipLimits,
  refusals: ZipRefusals,
): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  for (let entry = await nextEntry(zip, refusals); entry; entry = await nextEntry(zip, refusals)) {
    const declared = entry.uncompressedSize;
    const ratio = declared / Math.max(entry.compressedSize, 1);
    if (entries.size >= limits.maxEntries)
      throw refusals.limitExceeded(`more than ${limits.maxEntries} entries`);
    if (declared > limits.maxEntryBytes)
      throw refusals.limitExceeded(`an entry declares ${declared} bytes`, entry.fileName);
    if (declared > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw refusals.limitExceeded(`an entry expands ${Math.round(ratio)}-fold`, entry.fileName);
    }
    total += declared;
    if (total > limits.maxTotalBytes)
      throw refusals.limitExceeded(`the entries declare more than ${limits.maxTotalBytes} bytes`);
    entries.set(entry.fileName, entry);
  }
  return entries;
}

function nextEntry(zip: yauzl.ZipFile, refusals: ZipRefusals): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const settle = (done: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      done();
    };
    const onEntry = (entry: yauzl.Entry) => settle(() => resolve(entry));
    const onEnd = () => settle(() => resolve(undefined));
    const onError = (error: Error) => settle(() => reject(refusals.unreadable(error.message)));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

// yauzl's message when an entry inflates past the size it declared.
const TOO_MANY_BYTES = /too many bytes/i;

function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, refusals: ZipRefusals): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream)
        return reject(refusals.unreadable(error?.message ?? `cannot open ${entry.fileName}`));
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('error', (cause: Error) =>
        reject(
          TOO_MANY_BYTES.test(cause.message)
            ? refusals.limitExceeded(
                `an entry inflates past its declared size (${cause.message})`,
                entry.fileName,
              )
            : refusals.unreadable(cause.message),
        ),
      );
      stream.on('end', () => resolve(Buffer.concat(parts)));
    });
  });
}
