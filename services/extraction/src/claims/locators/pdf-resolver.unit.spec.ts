import { LocatorResolutionError } from '../extraction-errors';
import { createPdfResolver } from './pdf-resolver';

/** A one-page PDF drawing two lines of Helvetica text: "Ongoing charge" at (50, 700) and "0.15 %" at (200, 700). */
function textPdf(): Buffer {
  const content = 'BT /F1 10 Tf 50 700 Td (Ongoing charge) Tj ET BT /F1 10 Tf 200 700 Td (0.15 %) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('pdf locator resolver', () => {
  let resolve: Awaited<ReturnType<typeof createPdfResolver>>;
  beforeAll(async () => {
    resolve = await createPdfResolver(textPdf());
  });

  it('gives the text drawn inside the box, and only that text', () => {
    expect(resolve({ page: 1, box: [199, 697, 240, 709] })).toBe('0.15 %');
    expect(resolve({ page: 1, box: [49, 697, 130, 709] })).toBe('Ongoing charge');
    expect(resolve({ page: 1, box: [0, 0, 595, 842] })).toBe('Ongoing charge 0.15 %');
  });

  it('gives null for a box with no text and refuses a page the PDF does not have', () => {
    expect(resolve({ page: 1, box: [300, 300, 400, 400] })).toBeNull();
    expect(() => resolve({ page: 3, box: [0, 0, 10, 10] })).toThrow(LocatorResolutionError);
  });
});
