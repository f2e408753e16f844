import { unrecognised, type NonRecognition, type Recognition } from './artefact-classification';
import { DATE_PATTERN, mostFrequentDate, parseDocumentDate } from './document-dates';
import { isinsInText } from './fund-identifiers';
import type { PdfSummary } from './pdf.inspector';

// UCITS KIID ("Key Investor Information") and PRIIPs KID ("Key Information Document") say so on page 1.
const KIID_TITLE = /key\s+investor\s+information|key\s+information\s+document/i;
const FACTSHEET_TITLE = /\bfact\s?-?sheet\b/i;
/** What a fund factsheet reports; a short PDF with several of them is one even when it does not say so. */
const FACTSHEET_MARKERS = [
  /\bnav\b|net asset value/i,
  /\baum\b|assets under management|fund size/i,
  /fund\s+managers?\b/i,
  /benchmark/i,
  /portfolio/i,
  /inception|date of allotment|launch date/i,
  /exit load|entry charge|ongoing charges?|expense ratio|\bter\b/i,
];
const FACTSHEET_MIN_MARKERS = 4;
const FACTSHEET_MAX_PAGES = 8;
const AS_AT_DATE = new RegExp(`as\\s+(?:at|on|of)\\s*:?\\s*(${DATE_PATTERN})`, 'gi');

/** A KIID/KID or a factsheet from the text of its first pages; the period is the "as at/on/of" date it repeats most. */
export function classifyPdfText({ text, pages }: PdfSummary): Recognition | NonRecognition {
  const identifiers = { isin: isinsInText(text) };
  const end = mostFrequentDate(
    [...text.matchAll(AS_AT_DATE)].map((m) => parseDocumentDate(m[1])).filter((d): d is string => !!d),
  );
  const period = end ? { period: { end } } : {};
  if (KIID_TITLE.test(text)) return { documentType: 'kiid', identifiers, ...period };
  const markers = FACTSHEET_MARKERS.filter((marker) => marker.test(text)).length;
  if (FACTSHEET_TITLE.test(text) || (pages <= FACTSHEET_MAX_PAGES && markers >= FACTSHEET_MIN_MARKERS)) {
    return { documentType: 'factsheet', identifiers, ...period };
  }
  return unrecognised(`a ${pages}-page PDF that reads as neither a KIID/KID nor a fund factsheet`);
}
