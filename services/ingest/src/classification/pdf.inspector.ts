import { Worker } from 'node:worker_threads';
import { ArtefactPdfEncryptedError, ArtefactPdfUnreadableError } from './inspection-errors';

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

type WorkerReply = PdfSummary | { error: { name?: string; message: string } };

/**
 * Runs in a worker thread: pdf.js (no script evaluation, no system fonts) opens the PDF and reads
 * its page count and the text of its first pages. pdfjs-dist ships only ES modules, which Node
 * 20.19+ loads with `require`.
 */
const PDF_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getDocument, VerbosityLevel } = require(workerData.pdfjsPath);
(async () => {
  const task = getDocument({
    data: workerData.data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const document = await task.promise;
    const texts = [];
    for (let number = 1; number <= Math.min(workerData.textPages, document.numPages); number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      texts.push(content.items.map((item) => item.str ?? '').join(' '));
    }
    parentPort.postMessage({ pages: document.numPages, text: texts.join(' ') });
  } catch (error) {
    parentPort.postMessage({ error: { name: error?.name, message: error?.message ?? String(error) } });
  } finally {
    await task.destroy();
  }
})();
`;

/**
 * Opens a PDF and reads its page count and the text of its first pages. The parser runs in a
 * worker thread with a heap limit and a deadline, so a hostile PDF can neither hang nor exhaust the
 * service (and the worker runs plain Node, which also lets Jest tests use the ESM-only pdf.js).
 * Refused: a file cut short (no `%%EOF` at its end: pdf.js would patch it up, but pages may be
 * missing), one pdf.js cannot open, one that needs a password to open.
 */
export async function inspectPdf(content: Buffer, limits: PdfInspectionLimits): Promise<PdfSummary> {
  if (!content.subarray(-EOF_WINDOW).includes(EOF_MARKER))
    throw new ArtefactPdfUnreadableError('it has no %%EOF marker at its end (truncated?)');
  const reply = await runPdfWorker(content, limits);
  if ('error' in reply) {
    if (reply.error.name === 'PasswordException') throw new ArtefactPdfEncryptedError();
    throw new ArtefactPdfUnreadableError(reply.error.message);
  }
  if (reply.pages < 1) throw new ArtefactPdfUnreadableError('it has no pages');
  return { pages: reply.pages, text: reply.text.replace(/\s+/g, ' ').trim() };
}

function runPdfWorker(
  content: Buffer,
  { textPages, timeoutMs, maxHeapMb }: PdfInspectionLimits,
): Promise<WorkerReply> {
  // A copy: pdf.js takes ownership of (detaches) the bytes it is given.
  const data = new Uint8Array(content);
  const worker = new Worker(PDF_WORKER_SOURCE, {
    eval: true,
    workerData: { data, textPages, pdfjsPath: require.resolve('pdfjs-dist/legacy/build/pdf.mjs') },
    transferList: [data.buffer],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stdout: true,
    stderr: true,
  });
  return new Promise<WorkerReply>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new ArtefactPdfUnreadableError(`reading it took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
    const settle = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    const fail = (error: Error) => {
      settle();
      reject(error);
    };
    worker.once('message', (reply: WorkerReply) => {
      settle();
      resolve(reply);
    });
    worker.once('error', (error) => fail(new ArtefactPdfUnreadableError(error.message)));
    worker.once('exit', (code) =>
      fail(new ArtefactPdfUnreadableError(`the PDF reader stopped (exit code ${code})`)),
    );
  });
}
