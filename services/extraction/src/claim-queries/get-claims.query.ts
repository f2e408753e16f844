import { FaiError, type ClaimView, type GetClaimsReply, type GetClaimsRequest } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ArtefactExtractionRepository } from '../infrastructure/artefact-extraction.repository';
import type { ClaimSetRepository } from '../infrastructure/claim-set.repository';
import type { ExtractionTables } from '../infrastructure/extraction-tables';
import { claimView, fundLookup } from './claim-view';

export const DEFAULT_PAGE_SIZE = 500;
/** A reply is one NATS message (1 MB by default): a page stops before its claims pass this. */
export const PAGE_BYTE_BUDGET = 768 * 1024;

export class ClaimsQueryError extends FaiError {}

function invalidQuery(message: string): ClaimsQueryError {
  return new ClaimsQueryError({
    code: 'CLAIMS_QUERY_INVALID',
    message,
    hint: 'Ask for the claims of one artefact (artefactId) or of one run (runId), not both.',
  });
}

function invalidCursor(): ClaimsQueryError {
  return new ClaimsQueryError({
    code: 'CLAIMS_CURSOR_INVALID',
    message: 'The cursor is not one this query returned.',
    hint: 'Pass nextCursor from the previous reply unchanged, with the same artefactId or runId; or start again without a cursor.',
  });
}

function notFound(what: 'artefact' | 'run', id: string): ClaimsQueryError {
  return new ClaimsQueryError({
    code: what === 'artefact' ? 'CLAIMS_ARTEFACT_UNKNOWN' : 'CLAIMS_RUN_UNKNOWN',
    message: `Extraction knows no ${what} ${id}.`,
    hint: `Check the id; an ${what} is known once ingest has reported it and extraction has handled it.`,
    details: { [`${what}Id`]: id },
  });
}

interface Position {
  artefactId: string;
  ordinal: number;
}

interface Source {
  artefactId: string;
  claimSetSha256: string;
  claimCount: number;
  lookup: ReturnType<typeof fundLookup>;
}

/**
 * Answers GetClaims from the stored claim sets: the claims of the latest extractor version that
 * extracted each artefact, in (artefact id, extraction order), with their canonical funds.
 */
export class GetClaimsQuery {
  constructor(
    private readonly db: SqlExecutor,
    private readonly tables: ExtractionTables,
    private readonly claimSets: ClaimSetRepository,
    private readonly extractions: ArtefactExtractionRepository,
  ) {}

  async run(request: GetClaimsRequest): Promise<GetClaimsReply> {
    if ((request.artefactId === undefined) === (request.runId === undefined))
      throw invalidQuery('Give exactly one of artefactId and runId.');
    const { fundId } = request;
    const extracted = request.artefactId
      ? (await this.ofArtefact(request.artefactId)).filter(
          (e) => fundId === undefined || e.funds.some((fund) => fund.fundId === fundId),
        )
      : await this.ofRun(request.runId!, fundId);
    const claimSets = extracted.map((e) => ({
      artefactId: e.artefact.artefactId,
      sha256: e.claimSetSha256!,
      extractor: e.extractor,
      claimCount: e.claimCount,
    }));
    const sources: Source[] = extracted.map((e) => ({
      artefactId: e.artefact.artefactId,
      claimSetSha256: e.claimSetSha256!,
      claimCount: e.claimCount,
      lookup: fundLookup(e.funds),
    }));
    const page = await this.page(
      sources,
      request.cursor ? decodeCursor(request.cursor, sources) : undefined,
      request.limit ?? DEFAULT_PAGE_SIZE,
      fundId,
    );
    return { claimSets, claims: page.claims, ...(page.next && { nextCursor: encodeCursor(page.next) }) };
  }

  private async ofArtefact(artefactId: string) {
    const extraction = await this.extractions.get(this.db, artefactId);
    if (!extraction) throw notFound('artefact', artefactId);
    return extraction.outcome === 'extracted' ? await this.withCounts([extraction]) : [];
  }

  // Every page reads the run's extractions again: in one query, or a run of many artefacts costs a
  // query per artefact on every page.
  private async ofRun(runId: string, fundId: string | undefined) {
    const { rows } = await this.db.query(`SELECT 1 FROM ${this.tables.runs} WHERE run_id = $1`, [runId]);
    if (rows.length === 0) throw notFound('run', runId);
    return this.withCounts(await this.extractions.extractedInRun(this.db, runId, fundId));
  }

  private async withCounts<T extends { claimSetSha256?: string }>(extractions: T[]) {
    const shas = extractions.map((e) => e.claimSetSha256!);
    const { rows } = await this.db.query<{ sha256: string; claim_count: number }>(
      `SELECT sha256, claim_count FROM ${this.tables.claimSets} WHERE sha256 = ANY($1)`,
      [shas],
    );
    const counts = new Map(rows.map((row) => [row.sha256, Number(row.claim_count)]));
    return extractions.map((e) => ({ ...e, claimCount: counts.get(e.claimSetSha256!) ?? 0 }));
  }

  private async page(
    sources: readonly Source[],
    from: Position | undefined,
    limit: number,
    fundId: string | undefined,
  ): Promise<{ claims: ClaimView[]; next?: Position }> {
    const claims: ClaimView[] = [];
    let bytes = 0;
    const start = from ? sources.findIndex((s) => s.artefactId === from.artefactId) : 0;
    for (let index = start; index < sources.length; index += 1) {
      const source = sources[index];
      let after = from && index === start ? from.ordinal : -1;
      while (after < source.claimCount - 1) {
        const wanted = limit - claims.length;
        if (wanted === 0) return { claims, next: { artefactId: source.artefactId, ordinal: after } };
        const stored = await this.claimSets.page(this.db, source.claimSetSha256, after, wanted);
        if (stored.length === 0) break;
        for (const { ordinal, claim } of stored) {
          const view = claimView(claim, source.artefactId, source.lookup(claim));
          if (fundId !== undefined && view.fundId !== fundId) {
            after = ordinal;
            continue;
          }
          bytes += Buffer.byteLength(JSON.stringify(view));
          if (bytes > PAGE_BYTE_BUDGET && claims.length > 0)
            return { claims, next: { artefactId: source.artefactId, ordinal: after } };
          claims.push(view);
          after = ordinal;
        }
      }
    }
    return { claims };
  }
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.artefactId, position.ordinal])).toString('base64url');
}

function decodeCursor(cursor: string, sources: readonly Source[]): Position {
  try {
    const [artefactId, ordinal] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof artefactId === 'string' &&
      Number.isInteger(ordinal) &&
      sources.some((s) => s.artefactId === artefactId)
    )
      return { artefactId, ordinal: ordinal as number };
  } catch {
    // reported below, like any other cursor this query did not issue
  }
  throw invalidCursor();
}
