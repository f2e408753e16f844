import type * as PdfJs from 'pdfjs-dist';

type PdfJsModule = typeof PdfJs;
let pdfjs: Promise<PdfJsModule> | undefined;

/** The text a reader's PDF tool extracts (pdf.js, as extraction reads PDFs), whitespace collapsed. */
export async function pdfText(bytes: Buffer): Promise<string> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfJsModule>;
  const { getDocument } = await pdfjs;
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= doc.numPages; number += 1) {
    const content = await (await doc.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}
