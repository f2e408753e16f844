import { ident } from '@fai/event-store';

/** Qualified names of extraction's tables in the service schema (see extraction.migrations.ts). */
export function extractionTables(schema: string) {
  const q = ident(schema);
  return {
    claimSets: `${q}.claim_sets`,
    claims: `${q}.claims`,
    artefactExtractions: `${q}.artefact_extractions`,
    portfolios: `${q}.portfolios`,
    fundIdentifiers: `${q}.fund_identifiers`,
    runs: `${q}.runs`,
    runArtefacts: `${q}.run_artefacts`,
  };
}

export type ExtractionTables = ReturnType<typeof extractionTables>;

/**
 * Serialises work on one key (a run, a filing) across transactions and replicas until the
 * calling transaction ends: the second transaction then sees what the first committed.
 */
export async function lockKey(
  tx: { query(text: string, params?: unknown[]): Promise<unknown> },
  key: string,
) {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fai-extraction:${key}`]);
}
