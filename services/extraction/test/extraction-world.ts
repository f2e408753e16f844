import { FilesystemArtefactStore } from '@fai/artefact-store';
import { getClaimsV1 } from '@fai/contracts';
import { jetStreamMessageBus, natsCommandTransport } from '@fai/messaging';
import { ServiceCommands } from '@fai/service-kit';
import { NATS_URL, openServiceWorld, type ServiceWorld } from '@fai/testing';
import { sourcesUnder } from '../src/infrastructure/extraction-consumers';
import { createExtractionService } from '../src/infrastructure/extraction-service';

/**
 * The extraction service on the real servers, as its Nest module wires it, but in a schema,
 * streams and subjects of its own: events live under `fai.<unique>.…`, so concurrent suites
 * never capture each other's subjects.
 */
export interface ExtractionWorld extends ServiceWorld {
  artefacts: FilesystemArtefactStore;
  querySubject: string;
}

const DURABLES = ['extraction', 'extraction-runs', 'extraction-funds'];

export function openExtractionWorld(): Promise<ExtractionWorld> {
  return openServiceWorld(
    { context: 'extraction', durables: DURABLES, commandTimeoutMs: 10_000 },
    async (world) => {
      const artefacts = new FilesystemArtefactStore(world.root);
      const service = createExtractionService({
        db: world.test.db,
        store: world.store,
        schema: world.test.schema,
        bus: jetStreamMessageBus(world.nc),
        artefacts,
        stream: world.stream,
        sources: sourcesUnder(world.prefix),
        concurrency: 2,
        tuning: {
          fetchExpiresMs: 1000,
          backoffMs: [10_000, 10_000],
          lagIntervalMs: 60_000,
          drainTimeoutMs: 5000,
        },
      });
      world.onClose(() => service.consumers.drain(5000));
      await service.consumers.start();
      await world.startRelay();

      const queries = new ServiceCommands({
        service: 'extraction',
        transport: natsCommandTransport(NATS_URL),
        subjectPrefix: world.commandPrefix,
      }).serve(service.routes);
      world.onClose(() => queries.stop());
      await queries.start();
      return { ...world, artefacts, querySubject: queries.subjectOf(getClaimsV1) };
    },
  );
}
