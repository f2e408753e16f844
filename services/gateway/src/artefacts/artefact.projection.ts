import { atOf, portfolioOf, text, type DocumentProjection } from '../projections/document-projection';

/** An artefact version as ingest recorded it (spec §2.2, acceptance 5). */
export interface ArtefactView {
  artefactId: string;
  portfolioId: string;
  cycleId: string | null;
  runId: string | null;
  fundId: string | null;
  documentType: string;
  period: string | null;
  asOf: string | null;
  version: number;
  supersedesArtefactId: string | null;
  supersededByArtefactId: string | null;
  sha256: string;
  fileName: string | null;
  mediaType: string | null;
  size: number | null;
  sourceType: string | null;
  origin: string | null;
  actor: string | null;
  sourcePolicyId: string | null;
  ingestedAt: string;
  /** Every later intake of the same bytes. */
  intakes: Array<{ intakeId: string; origin: string; actor: string; fileName: string | null; at: string }>;
}

export const artefactProjection: DocumentProjection<ArtefactView> = {
  table: 'artefact',
  handles: ['ArtefactIngested', 'ArtefactUnrecognised', 'ArtefactSuperseded', 'ArtefactIntakeRecorded'],
  keys: (event) => {
    const artefactId = text(event, 'artefactId');
    return artefactId ? [artefactId] : [];
  },
  evolve: (doc, event) => {
    const data = event.data;
    const at = atOf(event);
    switch (event.name) {
      case 'ArtefactIngested':
      case 'ArtefactUnrecognised':
        return {
          artefactId: String(data.artefactId),
          portfolioId: portfolioOf(event) ?? '',
          cycleId: text(event, 'cycleId') ?? null,
          runId: text(event, 'runId') ?? null,
          fundId: text(event, 'fundId') ?? null,
          documentType: text(event, 'documentType') ?? 'unknown',
          period: text(event, 'period') ?? null,
          asOf: text(event, 'asOf') ?? null,
          version: typeof data.version === 'number' ? data.version : 1,
          supersedesArtefactId: text(event, 'supersedesArtefactId') ?? null,
          supersededByArtefactId: doc?.supersededByArtefactId ?? null,
          sha256: String(data.sha256),
          fileName: text(event, 'fileName') ?? null,
          mediaType: text(event, 'mediaType') ?? null,
          size: typeof data.size === 'number' ? data.size : null,
          sourceType: text(event, 'sourceType') ?? null,
          origin: text(event, 'origin') ?? null,
          actor: text(event, 'actor') ?? event.actor ?? null,
          sourcePolicyId: text(event, 'sourcePolicyId') ?? null,
          ingestedAt: at,
          intakes: doc?.intakes ?? [],
        };
      case 'ArtefactSuperseded':
        return doc && { ...doc, supersededByArtefactId: String(data.supersededByArtefactId) };
      case 'ArtefactIntakeRecorded':
        return (
          doc && {
            ...doc,
            intakes: [
              ...doc.intakes,
              {
                intakeId: String(data.intakeId),
                origin: String(data.origin),
                actor: String(data.actor),
                fileName: text(event, 'fileName') ?? null,
                at,
              },
            ],
          }
        );
      default:
        return doc;
    }
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    cycle_id: doc.cycleId,
    fund_id: doc.fundId,
    document_type: doc.documentType,
    ingested_at: doc.ingestedAt,
  }),
};
