import type { Locator } from '../claim';
import { LocatorResolutionError } from '../extraction-errors';
import { withPdf, type PdfPage } from '../../extractors/pdf/pdf-document';
import { centre, contains, textRuns } from '../../extractors/pdf/pdf-text-layout';

type PdfLocator = Extract<Locator, { kind: 'pdf' }>;

/** Resolves a pdf locator to the text drawn inside its box on its page: null when the box holds no text. */
export type PdfResolver = (locator: Pick<PdfLocator, 'page' | 'box'>) => string | null;

/** Boxes are rounded to 1/100 pt in locators; a glyph's centre this close to the edge still counts as inside. */
const EDGE_TOLERANCE = 0.5;

/**
 * Reads the PDF's text once (the same reading the extractors use) and answers pdf locators with the
 * text whose glyphs are centred inside the box, joined the way the extractors join runs.
 */
export async function createPdfResolver(pdf: Buffer): Promise<PdfResolver> {
  const pages = await withPdf(pdf, 'pdf-resolver', async (source) => source.pages);
  return ({ page, box }) => {
    const content = pages.find((p) => p.number === page);
    if (!content) {
      throw new LocatorResolutionError(
        'LOCATOR_INVALID',
        `The PDF has no readable page ${page}.`,
        `Pages: ${pages.map((p) => p.number).join(', ')}.`,
        { page },
      );
    }
    const inside: PdfPage = {
      ...content,
      items: content.items.filter((item) => contains(box, centre(item.box), EDGE_TOLERANCE)),
    };
    const text = textRuns(inside)
      .map((run) => run.text)
      .join(' ');
    return text === '' ? null : text;
  };
}
