import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  getClaimsV1,
  ROLES,
  type ArtefactIngestedV1,
  type ClaimView,
  type CommandContract,
  type GetClaimsReply,
  type GetClaimsRequest,
} from '@fai/contracts';
import { jetStreamMessageBus, natsCommandTransport } from '@fai/messaging';
import { answerOnBus, NATS_URL, openServiceWorld, type ServiceWorld } from '@fai/testing';
import { ServiceCommands, commandSubjectIn } from '@fai/service-kit';
import type { ServerNats } from '@nestjs/microservices';
import { parse, stringify } from 'yaml';
import {
  consumedSubjects,
  createValidationService,
  type ValidationService,
} from '../src/infrastructure/validation-service';
import { loadPolicyCatalogue, POLICIES_DIR, type PolicyCatalogue } from '../src/policies/policy-catalogue';
import { fixture, type Fixture } from './validation-test-support';

/**
 * The validation service on the real servers, wired as its Nest module wires it, in a schema,
 * streams and subjects of its own (`fai.<unique>.…`), with extraction's GetClaims answered by a
 * responder serving the claims a test hands it. The policy catalogue holds the repository's
 * documents plus `materiality@2`, a copy with another alert threshold, for pinning and dry runs.
 */
export interface ValidationWorld extends ServiceWorld {
  service: ValidationService;
  policies: PolicyCatalogue;
  /** Claims the GetClaims responder serves, by run id. */
  claims: Map<string, ClaimView[]>;
  send<TRequest, TReply>(contract: CommandContract<TRequest, TReply>, request: TRequest): Promise<TReply>;
}

/** Small pages, so fetching a filing's claims takes several GetClaims requests. */
const CLAIMS_PAGE = 1000;

type Role = (typeof ROLES)[number];
export const ADMIN = { actor: 'admin-1', actorRoles: ['administrator'] as Role[] };
export const REVIEWER = { actor: 'reviewer-1', actorRoles: ['reviewer'] as Role[] };
export const OPERATOR = { actor: 'operator-1', actorRoles: ['operator'] as Role[] };

export function openValidationWorld(): Promise<ValidationWorld> {
  return openServiceWorld(
    { context: 'validation', durables: ['validation'], waitMs: 45_000 },
    async (world) => {
      const claims = new Map<string, ClaimView[]>();
      const responder = await answerGetClaims(world.commandPrefix, claims);
      world.onClose(() => responder.close());

      const policies = loadPolicyCatalogue(await policyDirectory(world.root));
      const service = createValidationService({
        db: world.test.db,
        store: world.store,
        schema: world.test.schema,
        bus: jetStreamMessageBus(world.nc),
        stream: world.stream,
        subjects: consumedSubjects(world.prefix),
        policies,
        commands: world.commands,
        claimsSubject: commandSubjectIn(world.commandPrefix, getClaimsV1.subject),
        tuning: {
          fetchExpiresMs: 1000,
          backoffMs: [20_000, 20_000],
          lagIntervalMs: 60_000,
          drainTimeoutMs: 5000,
        },
      });
      world.onClose(() => service.consumers.drain(5000));
      await service.consumers.start();

      const server = new ServiceCommands({
        service: 'validation',
        transport: natsCommandTransport(NATS_URL),
        subjectPrefix: world.commandPrefix,
      }).serve(service.routes);
      world.onClose(() => server.stop());
      await server.start();
      await world.startRelay();
      return {
        ...world,
        service,
        policies,
        claims,
        send: (contract, request) =>
          world.commands.send(commandSubjectIn(world.commandPrefix, contract.subject), request),
      };
    },
  );
}

/** The repository's policies and a materiality@2 that alerts from a lower score. */
async function policyDirectory(root: string): Promise<string> {
  const directory = join(root, 'policies');
  await mkdir(join(directory, 'schemas'), { recursive: true });
  for (const name of await readdir(join(POLICIES_DIR, 'schemas')))
    await copyFile(join(POLICIES_DIR, 'schemas', name), join(directory, 'schemas', name));
  for (const name of (await readdir(POLICIES_DIR)).filter((file) => file.endsWith('.yaml')))
    await copyFile(join(POLICIES_DIR, name), join(directory, name));
  const materiality = parse(await readFile(join(POLICIES_DIR, 'materiality@1.yaml'), 'utf8')) as {
    version: number;
    policyId: string;
    description: string;
  };
  Object.assign(materiality, { version: 2, policyId: 'materiality@2', description: 'test: version 2' });
  await writeFile(join(directory, 'materiality@2.yaml'), stringify(materiality));
  return directory;
}

/** Answers GetClaims under the command prefix with the claims in `claims`, as extraction would. */
export function answerGetClaims(
  commandPrefix: string,
  claims: ReadonlyMap<string, ClaimView[]>,
): Promise<ServerNats> {
  return answerOnBus('extraction', {
    [commandSubjectIn(commandPrefix, getClaimsV1.subject)]: (request: GetClaimsRequest) =>
      claimsPage(claims, request),
  });
}

/** GetClaims as extraction answers it: a run's claims, a page at a time, with a cursor. */
function claimsPage(claims: ReadonlyMap<string, ClaimView[]>, request: GetClaimsRequest): GetClaimsReply {
  const all = claims.get(request.runId ?? '') ?? [];
  const start = request.cursor ? Number(request.cursor) : 0;
  const end = start + CLAIMS_PAGE;
  return {
    claimSets: [],
    claims: all.slice(start, end),
    ...(end < all.length && { nextCursor: String(end) }),
  };
}

/** A real-document fixture's claims as GetClaims serves them: with their artefact and canonical fund. */
export function servedClaims(
  file: Fixture,
  fundId: string,
  artefactIdOf: (sha256: string) => string,
): ClaimView[] {
  return file.claims.map(
    (claim) =>
      ({
        ...claim,
        artefactId: artefactIdOf(claim.evidence.artefactSha256),
        status: 'supported',
        fund: {},
        fundId,
      }) as ClaimView,
  );
}

/** ArtefactIngested for a fixture's artefact in a run. */
export function ingested(
  run: { portfolioId: string; cycleId: string; runId: string; period: string },
  artefact: Fixture['artefacts'][number],
  fundId: string,
  documentType: ArtefactIngestedV1['documentType'],
): ArtefactIngestedV1 {
  return {
    artefactId: artefactId(artefact.sha256),
    tenantId: 'tenant-test',
    portfolioId: run.portfolioId,
    cycleId: run.cycleId,
    runId: run.runId,
    intakeId: randomUUID(),
    sha256: artefact.sha256,
    version: artefact.version,
    fundId,
    documentType,
    period: run.period,
    identifiers: { isins: [] },
    sourceType: artefact.sourceType,
    origin: artefact.origin ? `https://${artefact.origin}/document` : 'http-upload',
    actor: 'user-42',
    fileName: `${documentType}.bin`,
    mediaType: 'application/octet-stream',
    size: 1000,
    retentionClass: 'standard',
    sourcePolicyId: 'pf-source-policy-v1',
    at: '2026-11-04T08:00:00.000Z',
  };
}

export function artefactId(sha256: string): string {
  return `art-${sha256.slice(0, 16)}`;
}

export { fixture };
