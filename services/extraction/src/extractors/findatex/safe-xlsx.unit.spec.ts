import { crc32, deflateRawSync } from 'node:zlib';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { extractEpt } from './ept.extractor';
import { DEFAULT_ZIP_LIMITS, loadWorkbookSafely } from './safe-xlsx';

interface Entry {
  name: string;
  data: Buffer;
  /** The uncompressed size the archive claims; the real one when absent. */
  declaredSize?: number;
}

/** A minimal zip (deflate entries, no zip64) whose headers say what the test wants them to say. */
function zip(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = deflateRawSync(entry.data);
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0, at + 2); // flags
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt32LE(0, at + 6); // time, date
      header.writeUInt32LE(crc32(entry.data), at + 10);
      header.writeUInt32LE(compressed.length, at + 14);
      header.writeUInt32LE(entry.declaredSize ?? entry.data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function refusal(bytes: Buffer, limits = DEFAULT_ZIP_LIMITS): Promise<ExtractionFailedError> {
  const error = await loadWorkbookSafely(bytes, 'test', limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionFailedError);
  return error as ExtractionFailedError;
}

const MIB = 1024 * 1024;
const zeros = (bytes: number) => Buffer.alloc(bytes);

describe('loadWorkbookSafely (zip-bomb guard)', () => {
  it('refuses an entry that declares more than the limit, before inflating anything', async () => {
    const error = await refusal(
      zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 0xf0000000 }]),
    );
    expect(error.code).toBe('EXTRACTION_ARCHIVE_TOO_LARGE');
    expect(error.message).toContain('entry declares 4026531840 bytes');
  });

  it('refuses an entry that declares a small size but inflates past it', async () => {
    const error = await refusal(
      zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(16 * MIB), declaredSize: 1000 }]),
    );
    expect(error.code).toBe('EXTRACTION_ARCHIVE_TOO_LARGE');
    expect(error.details?.reason).toMatch(/too many bytes/);
  });

  it('refuses an entry that expands far more than real workbooks do', async () => {
    const error = await refusal(zip([{ name: 'xl/sharedStrings.xml', data: zeros(8 * MIB) }]));
    expect(error.code).toBe('EXTRACTION_ARCHIVE_TOO_LARGE');
    expect(error.message).toMatch(/expands \d+-fold/);
  });

  it('refuses archives whose entries add up past the total, or that have too many entries', async () => {
    const entries = Array.from({ length: 4 }, (_, i) => ({
      name: `part${i}.xml`,
      data: Buffer.from('<a>'.repeat(100)),
    }));
    const small = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1000 };
    expect((await refusal(zip(entries), small)).message).toContain('entries declare more than 1000 bytes');
    expect((await refusal(zip(entries), { ...DEFAULT_ZIP_LIMITS, maxEntries: 3 })).message).toContain(
      'more than 3 entries',
    );
  });

  it('tells a damaged or non-zip file from a bomb', async () => {
    expect((await refusal(Buffer.from('PK\u0003\u0004 not really a zip'))).code).toBe(
      'EXTRACTION_XLSX_UNREADABLE',
    );
    const noSheets = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]);
    await expect(extractEpt(noSheets, { sha256: 'w', version: 1 })).rejects.toMatchObject({
      code: 'EXTRACTION_UNSUPPORTED_LAYOUT',
    });
  });

  it('protects the extractors: an EPT that is a zip bomb fails with a typed error', async () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(16 * MIB), declaredSize: 2048 }]);
    await expect(extractEpt(bomb, { sha256: 'b', version: 1 })).rejects.toMatchObject({
      code: 'EXTRACTION_ARCHIVE_TOO_LARGE',
    });
  });
});
