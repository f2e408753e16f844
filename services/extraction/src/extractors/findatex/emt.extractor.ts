import type { ArtefactRef } from './findatex-claims';
import {
  extractShareClassRows,
  type ShareClassExtractionResult,
  type ShareClassRowTemplate,
} from './findatex-rows';
import { EMT, EMT_TEMPLATES } from './emt-fields';

export const EMT_EXTRACTOR_ID = 'findatex-emt';
export const EMT_EXTRACTOR_VERSION = '1.0.0';

const EMT_ROWS: ShareClassRowTemplate = {
  extractor: { id: EMT_EXTRACTOR_ID, version: EMT_EXTRACTOR_VERSION },
  documentType: 'findatex-emt',
  templates: EMT_TEMPLATES,
  versionField: EMT.version,
  versionOf: (stated) => (/^V4(\.\d+)?$/i.test(stated.trim()) ? 'V4.3' : undefined),
  identity: { id: EMT.instrumentId, idType: '00020', name: '00030' },
  asOfFields: [EMT.generalReferenceDate, '00005'],
};

/**
 * European MiFID Template V4.x → claims per financial instrument (share class): identity, target
 * market (client types, knowledge, loss bearing, risk tolerance, return profile, distribution) and
 * ex-ante / ex-post costs and charges, each dated by its section's reference date.
 */
export function extractEmt(bytes: Buffer, artefact: ArtefactRef): Promise<ShareClassExtractionResult> {
  return extractShareClassRows(bytes, artefact, EMT_ROWS);
}

export const emtExtractor = {
  id: EMT_EXTRACTOR_ID,
  version: EMT_EXTRACTOR_VERSION,
  extract: extractEmt,
} as const;
