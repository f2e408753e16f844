// `npm run contracts:snapshot -w @fai/contracts`: writes the snapshot of every contract version that
// has none yet (never overwriting one), regenerates asyncapi.json, then reports what still disagrees.
import { buildAsyncApi } from './asyncapi';
import { createRegistry } from './catalogue';
import {
  ASYNCAPI_FILE,
  readSnapshots,
  snapshotFindings,
  writeJsonFile,
  writeMissingSnapshots,
} from './schema-snapshots';

const registry = createRegistry();
const written = writeMissingSnapshots(registry.all());
writeJsonFile(ASYNCAPI_FILE, buildAsyncApi(registry));
for (const type of written) process.stdout.write(`wrote schemas/${type}.json\n`);
process.stdout.write('wrote asyncapi.json\n');

const findings = snapshotFindings(registry.all(), readSnapshots());
for (const { message } of findings) process.stderr.write(`${message}\n`);
process.exitCode = findings.length === 0 ? 0 : 1;
