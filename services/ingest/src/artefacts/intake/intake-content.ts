import type { DocumentType } from '@fai/contracts';
import type { ArtefactClassification } from '../../classification/artefact-classification';
import type { IntakeContent } from '../artefact.decider';

/** The classifier names document types in kebab-case; contracts and expected inventories in snake_case. */
const DOCUMENT_TYPES: Record<Exclude<ArtefactClassification['documentType'], 'unknown'>, DocumentType> = {
  nport: 'nport',
  'findatex-tpt': 'findatex_tpt',
  'findatex-ept': 'findatex_ept',
  'findatex-emt': 'findatex_emt',
  'nav-history': 'nav_history',
  kiid: 'kiid',
  factsheet: 'factsheet',
};

/** What the decider needs to know of the bytes, from their hash, size, name and classification. */
export function intakeContent(
  classification: ArtefactClassification,
  measured: { sha256: string; size: number; fileName: string },
): IntakeContent {
  const { documentType, mediaType, identifiers, period, pages, reason } = classification;
  return {
    ...measured,
    mediaType,
    ...(pages !== undefined ? { pages } : {}),
    documentType: documentType === 'unknown' ? 'unknown' : DOCUMENT_TYPES[documentType],
    identifiers: {
      isins: identifiers.isin,
      ...(identifiers.seriesId ? { seriesId: identifiers.seriesId } : {}),
      ...(identifiers.lei ? { lei: identifiers.lei } : {}),
      ...(identifiers.cik ? { cik: identifiers.cik } : {}),
    },
    ...(period ? { asOf: period.end } : {}),
    ...(reason ? { reason } : {}),
  };
}
