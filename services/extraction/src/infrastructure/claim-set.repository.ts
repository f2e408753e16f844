import type { SqlExecutor } from '@fai/event-store';
import type { StatedValue } from '../artefact-extraction/amendment-comparison';
import { claimKey, type ClaimSet } from '../artefact-extraction/claim-set';
import type { ExtractorRef } from '../artefact-extraction/extraction.decider';
import type { Claim } from '../claims/claim';
import type { ExtractionTables } from './extraction-tables';

// Claims per INSERT: a large filing (34,000 claims, 20 MB of JSON) goes in bounded statements.
const CLAIMS_PER_STATEMENT = 2000;

export interface StoredClaim {
  ordinal: number;
  claim: Claim;
}

/** Claim sets in PostgreSQL: content-addressed, written once, read a page at a time. */
export class ClaimSetRepository {
  constructor(private readonly tables: ExtractionTables) {}

  /** Stores the set unless a set with the same hash is already there (then it is the same claims). */
  async store(
    tx: SqlExecutor,
    set: ClaimSet,
    source: { artefactId: string; artefactSha256: string; extractor: ExtractorRef },
  ): Promise<void> {
    const { rows } = await tx.query(
      `INSERT INTO ${this.tables.claimSets}
         (sha256, artefact_id, artefact_sha256, extractor_id, extractor_version, claim_count, byte_size)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [
        set.sha256,
        source.artefactId,
        source.artefactSha256,
        source.extractor.id,
        source.extractor.version,
        set.claimCount,
        set.byteSize,
      ],
    );
    if (rows.length === 0) return;
    for (let start = 0; start < set.claims.length; start += CLAIMS_PER_STATEMENT) {
      await tx.query(
        `INSERT INTO ${this.tables.claims}
           (claim_set_sha256, ordinal, claim_id, metric, share_class, subject, claim)
         SELECT $1, $2::int + t.n::int - 1, (t.c->>'claimId')::uuid, t.c->>'metric', t.c->>'shareClass',
                t.c->>'subject', t.c
         FROM json_array_elements($3::json) WITH ORDINALITY AS t(c, n)`,
        [set.sha256, start, JSON.stringify(set.claims.slice(start, start + CLAIMS_PER_STATEMENT))],
      );
    }
  }

  /** What a stored set states, key by key, in extraction order (for comparing amendments). */
  async statedValues(executor: SqlExecutor, sha256: string): Promise<StatedValue[]> {
    const { rows } = await executor.query<{
      metric: string;
      share_class: string | null;
      subject: string | null;
      value: string | null;
    }>(
      `SELECT metric, share_class, subject, claim->>'value' AS value
       FROM ${this.tables.claims} WHERE claim_set_sha256 = $1 ORDER BY ordinal`,
      [sha256],
    );
    return rows.map((row) => ({
      key: claimKey({
        metric: row.metric,
        shareClass: row.share_class ?? undefined,
        subject: row.subject ?? undefined,
      }),
      value: row.value,
    }));
  }

  /** Up to `limit` claims of a set after `afterOrdinal`, in extraction order. */
  async page(
    executor: SqlExecutor,
    sha256: string,
    afterOrdinal: number,
    limit: number,
  ): Promise<StoredClaim[]> {
    const { rows } = await executor.query<{ ordinal: number; claim: Claim }>(
      `SELECT ordinal, claim FROM ${this.tables.claims}
       WHERE claim_set_sha256 = $1 AND ordinal > $2 ORDER BY ordinal LIMIT $3`,
      [sha256, afterOrdinal, limit],
    );
    return rows.map((row) => ({ ordinal: Number(row.ordinal), claim: row.claim }));
  }
}
