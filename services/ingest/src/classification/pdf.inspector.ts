import { availableParallelism } from 'node:os';
import { ArtefactPdfEncryptedError, ArtefactPdfUnreadableError } from './inspection-errors';
import { PdfReaders, PdfReaderStopped, type PdfReaderReply } from './pdf-readers';

export interface PdfSummary {
  pages: number;
  /** Text of the first pages, whitespace collapsed, for recognising the document. */
  text: string;
}

export interface PdfInspectionLimits {
  /** Pages whose text is read. */
  textPages: number;
  /** A PDF that takes longer to open and read is refused (and its parser stopped). */
  timeoutMs: number;
  /** Heap the parser may use. */
  maxHeapMb: number;
}

const EOF_MARKER = Buffer.from('%%EOF');
// The PDF specification ends a file with %%EOF; readers tolerate up to a KiB of trailing bytes after it.
const EOF_WINDOW = 1024;

/** The process's PDF readers, by heap limit (the one setting a reader thread is started with). */
const readersByHeap = new Map<number, PdfReaders>();

function readersFor(maxHeapMb: number): PdfReaders {
  let readers = readersByHeap.get(maxHeapMb);
  if (!readers) {
    readers = new PdfReaders({ size: availableParallelism(), maxHeapMb });
    readersByHeap.set(maxHeapMb, readers);
  }
  return readers;
}

/**
 * Opens a PDF and reads its page count and the text of its first pages. The parser runs in a
 * worker thread with a heap limit and a deadline, so a hostile PDF can neither hang nor exhaust the
 * service; the threads are kept between PDFs (PdfReaders).
 * Refused: a file cut short (no `%%EOF` at its end: pdf.js would patch it up, but pages may be
 * missing), one pdf.js cannot open, one that needs a password to open.
 */
export async function inspectPdf(content: Buffer, limits: PdfInspectionLimits): Promise<PdfSummary> {
  if (!content.subarray(-EOF_WINDOW).includes(EOF_MARKER))
    throw new ArtefactPdfUnreadableError('it has no %%EOF marker at its end (truncated?)');
  const reply = await readPdf(content, limits);
  if ('error' in reply) {
    if (reply.error.name === 'PasswordException') throw new ArtefactPdfEncryptedError();
    throw new ArtefactPdfUnreadableError(reply.error.message);
  }
  if (reply.pages < 1) throw new ArtefactPdfUnreadableError('it has no pages');
  return { pages: reply.pages, text: reply.text.replace(/\s+/g, ' ').trim() };
}

async function readPdf(
  content: Buffer,
  { textPages, timeoutMs, maxHeapMb }: PdfInspectionLimits,
): Promise<PdfReaderReply> {
  try {
    // A copy: the reader takes the bytes over (and pdf.js detaches them).
    return await readersFor(maxHeapMb).read({ data: new Uint8Array(content), textPages, timeoutMs });
  } catch (error) {
    if (error instanceof PdfReaderStopped) throw new ArtefactPdfUnreadableError(error.message);
    throw error;
  }
}
