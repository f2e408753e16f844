import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVICES, serviceChartValues } from './deployment-files';

// No Docker engine here: what can be checked without building the image.
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('Dockerfile', () => {
  it('builds on an exactly pinned Node 20 image', () => {
    expect(dockerfile).toMatch(
      /^ARG NODE_IMAGE=node:20\.[0-9]+\.[0-9]+-[a-z]+-slim(@sha256:[a-f0-9]{64})?$/m,
    );
    expect(dockerfile).not.toMatch(/FROM node:(latest|20)\b/);
  });

  it('builds with the same command the tests use and drops dev dependencies', () => {
    const rootScripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(rootScripts.build).toBeDefined();
    expect(dockerfile).toMatch(/npm ci[^\n]*\\\n\s*&& npm run build\b/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('runs as a numeric non-root user with a health check on /health/live', () => {
    expect(dockerfile).toMatch(/^USER [1-9][0-9]*:[1-9][0-9]*$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n[^\n]*\/health\/live/m);
  });

  it.each(SERVICES)(
    'documents the build of %s with its port, and the service has an entry point',
    (service) => {
      expect(existsSync(join(ROOT, 'services', service, 'src', 'main.ts'))).toBe(true);
      expect(dockerfile).toContain(`${service} ${serviceChartValues(service).containerPort}`);
    },
  );
});
