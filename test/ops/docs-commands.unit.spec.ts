import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder, readJson, ROOT, type Values } from './deployment-files';

/*
 * The runbooks and the operations guide promise exact commands: every `npm run <script>` they give must
 * be a script of the root or of the named workspace, and every `node <path>.js` a built file whose
 * TypeScript source exists. A command that does not exist yet is written as prose naming its issue.
 */
const documents = [...filesUnder(join(ROOT, 'docs'), ['.md']), 'CHANGELOG.md', 'ops/README.md'];

function scriptsOf(packageDir: string): Values {
  return (readJson(join(ROOT, packageDir, 'package.json')).scripts as Values) ?? {};
}

const workspaceDirs = Object.fromEntries(
  ['libs', 'services']
    .flatMap((parent) => filesUnder(join(ROOT, parent), ['package.json']))
    .filter((file) => file.split('/').length === 3)
    .map((file) => [readJson(join(ROOT, file)).name as string, file.replace(/\/package\.json$/, '')]),
);

function commands(pattern: RegExp): Array<{ file: string; match: RegExpMatchArray }> {
  return documents.flatMap((file) =>
    [...readFileSync(join(ROOT, file), 'utf8').matchAll(pattern)].map((match) => ({ file, match })),
  );
}

describe('commands in the runbooks and the operations guide', () => {
  it('finds the documents and their commands', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['docs/operations.md', 'docs/runbooks/failed-cycle-recovery.md']),
    );
    expect(commands(/npm run /g).length).toBeGreaterThan(10);
  });

  it('every `npm run` names an existing script', () => {
    const missing = commands(/npm run ([a-z:-]+)(?: -w (@fai\/[a-z-]+))?/g)
      .filter(({ match: [, script, workspace] }) => {
        const dir = workspace ? workspaceDirs[workspace] : '.';
        return dir === undefined || !(script in scriptsOf(dir));
      })
      .map(({ file, match }) => `${file}: ${match[0]}`);
    expect(missing).toEqual([]);
  });

  it('every `node <file>.js` is built from a source that exists', () => {
    const missing = commands(/node ((?:libs|services|ops)\/[a-z0-9/.-]+)\.js/g)
      .filter(({ match: [, path] }) => !existsSync(join(ROOT, `${path.replace('/dist/', '/src/')}.ts`)))
      .map(({ file, match }) => `${file}: ${match[0]}`);
    expect(missing).toEqual([]);
  });
});
