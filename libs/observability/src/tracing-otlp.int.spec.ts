import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const LIB_ROOT = join(__dirname, '..');
const REPO_ROOT = join(LIB_ROOT, '..', '..');

// The OTLP exporter loads `http` with a dynamic import(), which Jest's CommonJS sandbox rejects
// without --experimental-vm-modules, so the exporting side runs as a plain Node process on the
// built library, as a service would.
const EXPORTING_SERVICE = `
  const { initTracing } = require(${JSON.stringify(join(LIB_ROOT, 'dist'))});
  const tracing = initTracing('otlp-spec');
  tracing.tracer.startSpan('cycle.open').end();
  tracing.shutdown().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
`;

describe('initTracing with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const received: Array<{ url?: string; body: string }> = [];
  let collector: Server;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', LIB_ROOT], {
      cwd: REPO_ROOT,
    });
    // A stand-in OTLP/HTTP collector on loopback that records what it is sent.
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ url: request.url, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    collector.closeAllConnections();
    await new Promise((resolve) => collector.close(resolve));
  });

  it('exports the spans of a service over OTLP/HTTP, flushed by shutdown', async () => {
    const { port } = collector.address() as AddressInfo;
    await promisify(execFile)(process.execPath, ['-e', EXPORTING_SERVICE], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
      timeout: 20000,
    });

    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/v1/traces');
    expect(received[0].body).toContain('"cycle.open"');
    expect(received[0].body).toContain('"otlp-spec"');
  });
});
