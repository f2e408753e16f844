import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_TYPES } from '@fai/contracts';
import { claimSetOf } from './claim-set';
import { EXTRACTORS, extractorFor } from './extractor-registry';

const DUPREE = join(
  __dirname,
  '../../test/fixtures/nport/dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml',
);
const artefact = { sha256: '4cb081a0f317b5337b34eeaf6ab26609c79e3ac74a4e12452408be056d1af485', version: 1 };

describe('extractor registry', () => {
  it('has an extractor for every document type ingest recognises, and none for unknown ones', () => {
    expect(Object.keys(EXTRACTORS).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(extractorFor('unknown')).toBeUndefined();
    expect(extractorFor('toString')).toBeUndefined();
    expect(extractorFor('nport')?.id).toBe('nport-xml');
  });

  it('names the filing an N-PORT reports on, and whether it amends an earlier one', async () => {
    const original = readFileSync(DUPREE);
    const amended = Buffer.from(
      original
        .toString('utf8')
        .replace('<submissionType>NPORT-P</submissionType>', '<submissionType>NPORT-P/A</submissionType>'),
    );
    expect(amended.equals(original)).toBe(false);
    const first = await EXTRACTORS.nport.extract(original, artefact);
    const amendment = await EXTRACTORS.nport.extract(amended, { ...artefact, sha256: 'b'.repeat(64) });
    expect(first.filing).toEqual({ key: 'nport:S000012000:2022-12-31', isAmendment: false });
    expect(amendment.filing).toEqual({ key: 'nport:S000012000:2022-12-31', isAmendment: true });
  });

  it('gives the same claim set (hash and claim ids) when the same bytes are extracted again', async () => {
    const bytes = readFileSync(DUPREE);
    const once = claimSetOf((await EXTRACTORS.nport.extract(bytes, artefact)).claims);
    const again = claimSetOf((await EXTRACTORS.nport.extract(bytes, artefact)).claims);
    expect(again.sha256).toBe(once.sha256);
    expect(again.claims.map((c) => c.claimId)).toEqual(once.claims.map((c) => c.claimId));
    expect(once.byteSize).toBe(Buffer.byteLength(JSON.stringify(once.claims)));
  });
});
