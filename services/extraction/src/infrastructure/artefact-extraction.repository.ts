import type { FundResolutionV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ArtefactInRun, ExtractorRef } from '../artefact-extraction/extraction.decider';
import type { FilingIdentity } from '../artefact-extraction/extractor-registry';
import type { ExtractionTables } from './extraction-tables';

export interface ArtefactExtraction {
  artefact: ArtefactInRun;
  outcome: 'extracted' | 'failed';
  errorCode?: string;
  extractor: ExtractorRef;
  claimSetSha256?: string;
  funds: FundResolutionV1[];
  filing?: FilingIdentity;
}

interface Row {
  artefact_id: string;
  sha256: string;
  artefact_version: number;
  document_type: string;
  tenant_id: string;
  portfolio_id: string;
  cycle_id: string;
  run_id: string;
  outcome: 'extracted' | 'failed';
  error_code: string | null;
  extractor_id: string;
  extractor_version: string;
  claim_set_sha256: string | null;
  funds: FundResolutionV1[];
  filing_key: string | null;
  is_amendment: boolean;
}

/**
 * Each artefact's extraction as its stream tells it, kept beside the stream in the same
 * transaction: the claims of the latest version that extracted it, or its failure.
 */
export class ArtefactExtractionRepository {
  constructor(private readonly tables: ExtractionTables) {}

  /** Claims replace a failure or older claims; a failure never replaces claims. */
  async record(tx: SqlExecutor, extraction: ArtefactExtraction): Promise<void> {
    const { artefact, extractor } = extraction;
    await tx.query(
      `INSERT INTO ${this.tables.artefactExtractions} AS current
         (artefact_id, sha256, artefact_version, document_type, tenant_id, portfolio_id, cycle_id, run_id,
          outcome, error_code, extractor_id, extractor_version, claim_set_sha256, funds, filing_key, is_amendment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (artefact_id) DO UPDATE SET
         outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code, extractor_id = EXCLUDED.extractor_id,
         extractor_version = EXCLUDED.extractor_version, claim_set_sha256 = EXCLUDED.claim_set_sha256,
         funds = EXCLUDED.funds, filing_key = EXCLUDED.filing_key, is_amendment = EXCLUDED.is_amendment,
         updated_at = now()
       WHERE EXCLUDED.outcome = 'extracted' OR current.outcome = 'failed'`,
      [
        artefact.artefactId,
        artefact.sha256,
        artefact.artefactVersion,
        artefact.documentType,
        artefact.tenantId,
        artefact.portfolioId,
        artefact.cycleId,
        artefact.runId,
        extraction.outcome,
        extraction.errorCode ?? null,
        extractor.id,
        extractor.version,
        extraction.claimSetSha256 ?? null,
        JSON.stringify(extraction.funds),
        extraction.filing?.key ?? null,
        extraction.filing?.isAmendment ?? false,
      ],
    );
  }

  async get(executor: SqlExecutor, artefactId: string): Promise<ArtefactExtraction | undefined> {
    const { rows } = await executor.query<Row>(
      `SELECT * FROM ${this.tables.artefactExtractions} WHERE artefact_id = $1`,
      [artefactId],
    );
    return rows.map(fromRow)[0];
  }

  /**
   * The artefacts of a run that were extracted, by artefact id, in one query however many there are;
   * given a fund, only those resolved to it.
   */
  async extractedInRun(executor: SqlExecutor, runId: string, fundId?: string): Promise<ArtefactExtraction[]> {
    const { rows } = await executor.query<Row>(
      `SELECT ae.* FROM ${this.tables.runArtefacts} ra
       JOIN ${this.tables.artefactExtractions} ae ON ae.artefact_id = ra.artefact_id
       WHERE ra.run_id = $1 AND ae.outcome = 'extracted' AND ($2::jsonb IS NULL OR ae.funds::jsonb @> $2::jsonb)
       ORDER BY ae.artefact_id`,
      [runId, fundId === undefined ? null : JSON.stringify([{ fundId }])],
    );
    return rows.map(fromRow);
  }

  /** The extracted filings reporting on `filingKey` (an original and its amendments), oldest first. */
  async filings(executor: SqlExecutor, filingKey: string): Promise<ArtefactExtraction[]> {
    const { rows } = await executor.query<Row>(
      `SELECT * FROM ${this.tables.artefactExtractions}
       WHERE filing_key = $1 AND outcome = 'extracted' ORDER BY artefact_version, updated_at, artefact_id`,
      [filingKey],
    );
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): ArtefactExtraction {
  return {
    artefact: {
      artefactId: row.artefact_id,
      sha256: row.sha256,
      artefactVersion: Number(row.artefact_version),
      documentType: row.document_type,
      tenantId: row.tenant_id,
      portfolioId: row.portfolio_id,
      cycleId: row.cycle_id,
      runId: row.run_id,
    },
    outcome: row.outcome,
    ...(row.error_code && { errorCode: row.error_code }),
    extractor: { id: row.extractor_id, version: row.extractor_version },
    ...(row.claim_set_sha256 && { claimSetSha256: row.claim_set_sha256 }),
    funds: row.funds,
    ...(row.filing_key && { filing: { key: row.filing_key, isAmendment: row.is_amendment } }),
  };
}
