import { Worker } from 'node:worker_threads';

/** What a reader answers for one PDF: its page count and the text of its first pages, or why not. */
export type PdfReaderReply = { pages: number; text: string } | { error: { name?: string; message: string } };

/** One PDF to read: the bytes (handed over, not copied) and how many pages of text to read. */
export interface PdfReadJob {
  data: Uint8Array;
  textPages: number;
  /** The job fails with `onDeadline()` once this long has passed since its reader took it. */
  timeoutMs: number;
}

/**
 * Runs in a worker thread: pdf.js (no script evaluation, no system fonts) opens each PDF it is
 * sent, one at a time, and answers its page count and the text of its first pages. pdfjs-dist
 * ships only ES modules, which Node 20.19+ loads with `require`; plain Node also lets Jest tests use
 * the ESM-only pdf.js.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getDocument, VerbosityLevel } = require(workerData.pdfjsPath);
// pdf.js parses in its "fake worker" on this thread; loaded now, not on the first document.
globalThis.pdfjsWorker = require(workerData.pdfjsWorkerPath);
parentPort.postMessage({ ready: true });
parentPort.on('message', async ({ data, textPages }) => {
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let reply;
  try {
    const document = await task.promise;
    const texts = [];
    for (let number = 1; number <= Math.min(textPages, document.numPages); number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      texts.push(content.items.map((item) => item.str ?? '').join(' '));
    }
    reply = { pages: document.numPages, text: texts.join(' ') };
  } catch (error) {
    reply = { error: { name: error?.name, message: error?.message ?? String(error) } };
  }
  // Answered only once the document is released: whatever releasing it does belongs to this PDF.
  await task.destroy().catch(() => undefined);
  parentPort.postMessage(reply);
});
`;

/** A reader's failure that is not the PDF's answer: the deadline passed, or the thread died. */
export class PdfReaderStopped extends Error {}

export interface PdfReadersOptions {
  /** Threads reading at once; more jobs wait for a free one. */
  size: number;
  /** Heap each reader thread may use: a hostile PDF exhausts its reader, never the service. */
  maxHeapMb: number;
  /** PDFs a reader reads before it is replaced, so that what pdf.js leaves behind cannot pile up. */
  jobsPerReader?: number;
  /** An idle reader is stopped after this long. */
  idleMs?: number;
}

interface Reader {
  worker: Worker;
  /** Settles once pdf.js is loaded: a job's deadline starts then, not while the thread starts. */
  ready: Promise<void>;
  state: 'idle' | 'busy' | 'gone';
  jobs: number;
  idleTimer?: NodeJS.Timeout;
}

interface Waiting {
  resolve(reader: Reader): void;
  reject(error: Error): void;
}

/** How long a new reader may take to load pdf.js before the job it was started for fails. */
const START_TIMEOUT_MS = 30_000;

/**
 * Worker threads that read PDFs, kept between uploads: starting a thread and loading pdf.js into it
 * cost more CPU than reading a typical factsheet (two thirds of ingest's CPU in a cycle, one thread
 * per PDF). A reader that misses a job's deadline, runs out of heap or dies is terminated and
 * replaced; a reader that fails while idle is never handed out. (Hand-written rather than a pool
 * library: the deadline runs from when a loaded reader takes the job, not from when it is queued,
 * and the reader runs eval'd source.)
 */
export class PdfReaders {
  private readonly idle: Reader[] = [];
  private readonly waiting: Waiting[] = [];
  /** Readers not gone: idle or reading. */
  private live = 0;
  private started = 0;

  constructor(private readonly options: PdfReadersOptions) {}

  /** Threads started so far (a reader is reused until it fails, retires or idles out). */
  get readersStarted(): number {
    return this.started;
  }

  async read(job: PdfReadJob): Promise<PdfReaderReply> {
    const reader = await this.acquire();
    reader.worker.ref();
    return new Promise<PdfReaderReply>((resolve, reject) => {
      const { worker } = reader;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      const fail = (error: Error) => {
        if (settled) return;
        done();
        this.retire(reader);
        reject(error);
      };
      const onMessage = (reply: PdfReaderReply) => {
        done();
        this.release(reader);
        resolve(reply);
      };
      const onError = (error: Error) => fail(new PdfReaderStopped(error.message));
      const onExit = (code: number) =>
        fail(new PdfReaderStopped(`the PDF reader stopped (exit code ${code})`));
      worker.once('error', onError).once('exit', onExit);
      timer = setTimeout(
        () => fail(new PdfReaderStopped(`the PDF reader did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      reader.ready.then(
        () => {
          if (settled) return;
          clearTimeout(timer);
          timer = setTimeout(
            () => fail(new PdfReaderStopped(`reading it took longer than ${job.timeoutMs} ms`)),
            job.timeoutMs,
          );
          worker.on('message', onMessage);
          try {
            worker.postMessage({ data: job.data, textPages: job.textPages }, [
              job.data.buffer as ArrayBuffer,
            ]);
          } catch (error) {
            fail(new PdfReaderStopped((error as Error).message));
          }
        },
        (error: Error) => fail(new PdfReaderStopped(`the PDF reader did not start: ${error.message}`)),
      );
    });
  }

  private acquire(): Promise<Reader> {
    const reader = this.idle.pop();
    if (reader) {
      clearTimeout(reader.idleTimer);
      reader.state = 'busy';
      return Promise.resolve(reader);
    }
    if (this.live < this.options.size) {
      try {
        return Promise.resolve(this.start());
      } catch (error) {
        return Promise.reject(
          new PdfReaderStopped(`no PDF reader could be started: ${(error as Error).message}`),
        );
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A new reader, counted as live and busy; throws when the thread cannot be created. */
  private start(): Reader {
    const worker = new Worker(READER_SOURCE, {
      eval: true,
      workerData: {
        pdfjsPath: require.resolve('pdfjs-dist/legacy/build/pdf.mjs'),
        pdfjsWorkerPath: require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'),
      },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      stdout: true,
      stderr: true,
    });
    this.live += 1;
    this.started += 1;
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`exit code ${code}`)));
    });
    ready.catch(() => undefined);
    const reader: Reader = { worker, ready, state: 'busy', jobs: 0 };
    // A job in hand hears of a failure through its own listeners; an idle reader that fails is retired
    // at once ('error' comes a tick before 'exit'), so it is never handed out. (What pdf.js prints,
    // errors only, stays unread in the piped stdout and stderr: reading them would keep an idle reader
    // referenced.)
    const onFailure = () => {
      if (reader.state === 'idle') this.retire(reader);
    };
    worker.on('error', onFailure).on('exit', onFailure);
    return reader;
  }

  /** Hands a reader that answered to the next job, or keeps it (not holding the process open) until one comes. */
  private release(reader: Reader): void {
    reader.jobs += 1;
    if (reader.jobs >= (this.options.jobsPerReader ?? 100)) return this.retire(reader);
    const next = this.waiting.shift();
    if (next) return next.resolve(reader);
    reader.state = 'idle';
    reader.worker.unref();
    reader.idleTimer = setTimeout(() => this.retire(reader), this.options.idleMs ?? 60_000).unref();
    this.idle.push(reader);
  }

  /** Stops a reader for good; a waiting job gets a new one in its place. */
  private retire(reader: Reader): void {
    if (reader.state === 'gone') return;
    if (reader.state === 'idle') this.idle.splice(this.idle.indexOf(reader), 1);
    reader.state = 'gone';
    clearTimeout(reader.idleTimer);
    this.live -= 1;
    void reader.worker.terminate();
    const next = this.waiting.shift();
    if (!next) return;
    try {
      next.resolve(this.start());
    } catch (error) {
      next.reject(new PdfReaderStopped(`no PDF reader could be started: ${(error as Error).message}`));
    }
  }
}
