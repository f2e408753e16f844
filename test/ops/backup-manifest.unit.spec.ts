import { isArtefactPath, restoreProblems, type BackupManifest } from '../../ops/src/backup/backup-manifest';
import { backupSettingsFromEnv } from '../../ops/src/backup/backup-settings';
import { SERVICES } from './deployment-files';

const sha = 'ab' + 'c'.repeat(62);
const manifest: BackupManifest = {
  createdAt: '2026-11-22T03:00:00Z',
  schemas: [
    { schema: 'ingest', events: 10 },
    { schema: 'reporting', events: 4 },
  ],
  postgresDump: { file: 'postgres.dump', sha256: 'x' },
  artefacts: { file: 'artefacts.tar', sha256: 'y', count: 2 },
  outputs: { file: 'outputs.tar', sha256: 'z', count: 3 },
};

describe('backup manifest', () => {
  it('finds nothing wrong when the restore holds what the backup recorded', () => {
    const restored = {
      schemas: manifest.schemas.map((count) => ({ ...count, chainsOk: true })),
      artefacts: { count: 2, corrupt: [] },
      outputs: { count: 3, corrupt: [] },
    };
    expect(restoreProblems(manifest, restored)).toEqual([]);
  });

  it('names lost events, a missing schema, broken chains, lost and corrupt artefacts and outputs', () => {
    const problems = restoreProblems(manifest, {
      schemas: [{ schema: 'ingest', events: 9, chainsOk: false }],
      artefacts: { count: 1, corrupt: [`ab/${sha}`] },
      outputs: { count: 3, corrupt: [`ab/${sha}`] },
    });
    expect(problems.map((problem) => `${problem.what}: ${problem.expected} / ${problem.found}`)).toEqual([
      'events in ingest: 10 / 9',
      'hash chains of ingest: verified / tampered or broken',
      'schema reporting: restored / missing',
      'artefact files: 2 / 1',
      `artefact ab/${sha}: content hashing to its name / different content`,
      `output ab/${sha}: content hashing to its name / different content`,
    ]);
  });

  it('copies only content-addressed files of the artefact store', () => {
    expect(isArtefactPath(`ab/${sha}`)).toBe(true);
    expect(isArtefactPath(`cd/${sha}`)).toBe(false);
    expect(isArtefactPath(`.incoming/${sha}.part`)).toBe(false);
  });

  it('backs up every service schema unless told which', () => {
    expect(backupSettingsFromEnv({}).schemas).toEqual(SERVICES);
    expect(backupSettingsFromEnv({ FAI_SCHEMAS: 'a_1, b' }).schemas).toEqual(['a_1', 'b']);
    expect(() => backupSettingsFromEnv({ FAI_SCHEMAS: 'Bad-Name' })).toThrow(/invalid SQL identifier/);
  });

  it('proves publications in the reporting schema unless told its name', () => {
    expect(backupSettingsFromEnv({}).reportingSchema).toBe('reporting');
    expect(backupSettingsFromEnv({ FAI_REPORTING_SCHEMA: 'reporting_drill' }).reportingSchema).toBe(
      'reporting_drill',
    );
    expect(() => backupSettingsFromEnv({ FAI_REPORTING_SCHEMA: 'Bad-Name' })).toThrow(
      /invalid SQL identifier/,
    );
  });
});
