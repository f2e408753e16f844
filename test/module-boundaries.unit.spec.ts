import { join } from 'node:path';
import { ESLint } from 'eslint';

// Lints snippets as if they lived at the given paths, so the real eslint.config.mjs decides.
const ROOT = join(__dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages
    .filter((message) => message.ruleId?.endsWith('no-restricted-imports'))
    .map((message) => message.message);
}

describe('module boundaries (eslint.config.mjs)', () => {
  it('refuses a driver in a decider', async () => {
    const code = "import { Pool } from 'pg';\nexport const pool = new Pool();\n";
    const messages = await restrictedImports(code, 'services/approval/src/review/review.decider.ts');
    expect(messages).toEqual([expect.stringMatching(/^'pg' import is restricted.*Domain code/)]);
  });

  it('refuses a service importing another service, by package name or by relative path', async () => {
    const code = [
      "import { AppModule } from '@fai/scheduler';",
      "import { SchedulerConfig } from '../../scheduler/src/scheduler.config';",
      'export { AppModule, SchedulerConfig };',
    ].join('\n');
    const messages = await restrictedImports(code, 'services/gateway/src/cycles.client.ts');
    expect(messages).toEqual([
      expect.stringMatching(/^'@fai\/scheduler' import is restricted.*never imports another service/),
      expect.stringMatching(/^'\.\.\/\.\.\/scheduler\/src\/scheduler\.config' import is restricted/),
    ]);
  });

  it('lets a service use the libs and its own folders', async () => {
    const code = [
      "import { FaiPlatformModule } from '@fai/service-kit';",
      "import { CycleView } from '../scheduler/cycle.view';",
      'export { FaiPlatformModule, CycleView };',
    ].join('\n');
    expect(await restrictedImports(code, 'services/gateway/src/cycles/cycles.module.ts')).toEqual([]);
  });
});
