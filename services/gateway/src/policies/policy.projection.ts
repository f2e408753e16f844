import { atOf, text, type DocumentProjection } from '../projections/document-projection';

/** A policy kind's versions as activated, with who activated each and why (spec §2.10). */
export interface PolicyView {
  policyKind: string;
  activePolicyId: string;
  versions: Array<{
    policyId: string;
    version: number;
    contentHash: string;
    activatedBy: string;
    rationale: string;
    at: string;
  }>;
}

export const policyProjection: DocumentProjection<PolicyView> = {
  table: 'policy',
  handles: ['PolicyVersionActivated'],
  keys: (event) => {
    const kind = text(event, 'policyKind');
    return kind ? [kind] : [];
  },
  evolve: (doc, event) => {
    const data = event.data;
    const version = {
      policyId: String(data.policyId),
      version: Number(data.version),
      contentHash: String(data.contentHash),
      activatedBy: String(data.actor),
      rationale: String(data.rationale),
      at: atOf(event),
    };
    return {
      policyKind: String(data.policyKind),
      activePolicyId: version.policyId,
      versions: [...(doc?.versions ?? []), version],
    };
  },
  columns: () => ({}),
};
