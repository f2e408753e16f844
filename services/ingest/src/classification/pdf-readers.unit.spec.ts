import type { Worker } from 'node:worker_threads';
import { PdfReaders, PdfReaderStopped, type PdfReaderReply } from './pdf-readers';
import { buildPdf } from './test/crafted-files';

const job = (pdf: Buffer, timeoutMs = 10_000) => ({ data: new Uint8Array(pdf), textPages: 1, timeoutMs });
const text = (reply: PdfReaderReply) => ('text' in reply ? reply.text : reply.error.message);

describe('PdfReaders', () => {
  it('reads PDF after PDF with the same reader thread', async () => {
    const readers = new PdfReaders({ size: 2, maxHeapMb: 256 });
    for (const word of ['first', 'second', 'third']) {
      expect(text(await readers.read(job(buildPdf({ text: word }))))).toBe(word);
    }
    expect(readers.readersStarted).toBe(1);
  });

  it('reads no more PDFs at once than it has threads, and answers every one', async () => {
    const readers = new PdfReaders({ size: 2, maxHeapMb: 256 });
    const words = ['a1', 'b2', 'c3', 'd4', 'e5'];
    const replies = await Promise.all(words.map((word) => readers.read(job(buildPdf({ text: word })))));
    expect(replies.map(text)).toEqual(words);
    expect(readers.readersStarted).toBe(2);
  });

  it('stops a reader past the deadline and gives the next PDF a new one', async () => {
    const readers = new PdfReaders({ size: 1, maxHeapMb: 256 });
    await expect(readers.read(job(buildPdf({ runs: 200_000 }), 50))).rejects.toBeInstanceOf(PdfReaderStopped);
    expect(text(await readers.read(job(buildPdf({ text: 'after' }))))).toBe('after');
    expect(readers.readersStarted).toBe(2);
  });

  it('never hands out a reader that failed while idle, even before its thread has exited', async () => {
    const readers = new PdfReaders({ size: 1, maxHeapMb: 256 });
    await readers.read(job(buildPdf({ text: 'before' })));
    // 'error' comes a tick before 'exit': a read started in between must get a new reader.
    const idle = (readers as unknown as { idle: Array<{ worker: Worker }> }).idle;
    idle[0].worker.emit('error', new Error('crashed while idle'));
    expect(text(await readers.read(job(buildPdf({ text: 'after' }))))).toBe('after');
    expect(readers.readersStarted).toBe(2);
  });

  it('retires a reader after its share of PDFs', async () => {
    const readers = new PdfReaders({ size: 1, maxHeapMb: 256, jobsPerReader: 2 });
    for (let n = 0; n < 5; n++) await readers.read(job(buildPdf()));
    expect(readers.readersStarted).toBe(3);
  });
});
