import type { ArtefactRef } from './findatex-claims';
import {
  extractShareClassRows,
  type ShareClassExtractionResult,
  type ShareClassRowTemplate,
} from './findatex-rows';
import { EPT, EPT_TEMPLATES } from './ept-fields';

export const EPT_EXTRACTOR_ID = 'findatex-ept';
export const EPT_EXTRACTOR_VERSION = '1.0.0';

const EPT_ROWS: ShareClassRowTemplate = {
  extractor: { id: EPT_EXTRACTOR_ID, version: EPT_EXTRACTOR_VERSION },
  documentType: 'findatex-ept',
  templates: EPT_TEMPLATES,
  versionField: EPT.version,
  // `V21` (EU and UK KIDs) or `V21UK` (UK only) are both V2.1.
  versionOf: (stated) => (/^V21/i.test(stated) ? 'V2.1' : undefined),
  identity: { id: EPT.shareClassId, idType: '00040', name: '00050' },
  // The KID the row feeds is dated by its publication; the file generation date is the fallback.
  asOfFields: [EPT.publicationDate, EPT.generatedAt],
};

/**
 * European PRIIPs Template V2.1 → claims per share class (ISIN): SRI, MRM, CRM, recommended holding
 * period, performance scenarios at 1 year, half and full RHP, and costs. XLSX or CSV in the official
 * layout, cells located as `Sheet!C12` (or CSV row/column).
 */
export function extractEpt(bytes: Buffer, artefact: ArtefactRef): Promise<ShareClassExtractionResult> {
  return extractShareClassRows(bytes, artefact, EPT_ROWS);
}

export const eptExtractor = {
  id: EPT_EXTRACTOR_ID,
  version: EPT_EXTRACTOR_VERSION,
  extract: extractEpt,
} as const;
