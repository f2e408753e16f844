import { ContractRegistry } from './contract-registry';
import { isContract, type AnyContract } from './define-event';
import * as approval from './approval';
import * as extraction from './extraction';
import * as ingest from './ingest';
import * as platform from './platform';
import * as reporting from './reporting';
import * as scheduler from './scheduler';
import * as validation from './validation';

// One entry per context. A context's index.ts exports its contract files, so adding an event
// is one `export *` line there: it is then both public and registered.
const CONTEXTS: readonly object[] = [
  platform,
  scheduler,
  ingest,
  extraction,
  validation,
  reporting,
  approval,
];

export const ALL_CONTRACTS: readonly AnyContract[] = CONTEXTS.flatMap((exports) =>
  Object.values(exports).filter(isContract),
);

export function createRegistry(): ContractRegistry {
  return new ContractRegistry(ALL_CONTRACTS);
}
