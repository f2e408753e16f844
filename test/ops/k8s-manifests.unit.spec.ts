import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  ENVIRONMENTS,
  filesUnder,
  isMap,
  K8S,
  readYaml,
  readYamlDocuments,
  ROOT,
  type Values,
} from './deployment-files';

interface Manifest extends Values {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

interface KubernetesModel {
  validate(): void;
}

/**
 * The model class of a Kubernetes object (kubernetes-models: the API's OpenAPI schemas compiled to
 * validators), e.g. batch/v1 Job → kubernetes-models/batch/v1/Job. Unknown fields are not refused:
 * the schemas leave additionalProperties open (docs/operations.md says what else is not checked).
 */
function modelOf(manifest: Manifest): new (data: Values) => KubernetesModel {
  const group = manifest.apiVersion.includes('/') ? manifest.apiVersion : `v1`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`kubernetes-models/${group}/${manifest.kind}`) as Record<string, unknown>;
  return module[manifest.kind] as new (data: Values) => KubernetesModel;
}

function schemaProblem(manifest: Manifest): string | undefined {
  try {
    new (modelOf(manifest))(manifest).validate();
    return undefined;
  } catch (error) {
    return `${manifest.kind} ${manifest.metadata?.name}: ${(error as Error).message}`;
  }
}

const isKustomization = (document: unknown) => isMap(document) && document.kind === 'Kustomization';
const kubernetesObjects = (documents: unknown[]) =>
  documents.filter((document): document is Manifest => isMap(document) && !isKustomization(document));

const files = filesUnder(K8S, ['.yaml', '.yml']).filter((file) => !file.endsWith('values.yaml'));
const manifests = files.flatMap((file) => kubernetesObjects(readYamlDocuments(join(ROOT, file))));

describe('plain manifests in k8s/', () => {
  it('finds the base and every overlay', () => {
    expect(files).toEqual(
      expect.arrayContaining(ENVIRONMENTS.map((env) => `k8s/overlays/${env}/kustomization.yaml`)),
    );
    expect(manifests.map((manifest) => manifest.kind)).toEqual(
      expect.arrayContaining(['Job', 'ConfigMap', 'NetworkPolicy', 'Namespace']),
    );
  });

  it('every object satisfies its Kubernetes schema', () => {
    expect(manifests.map(schemaProblem).filter(Boolean)).toEqual([]);
  });

  it('the schema check refuses a broken object', () => {
    const job = manifests.find((manifest) => manifest.kind === 'Job')!;
    const broken = { ...job, spec: { ...(job.spec as Values), backoffLimit: 'three' } } as Manifest;
    expect(schemaProblem(broken)).toMatch(/backoffLimit must be integer/);
  });

  it('every kustomization names files that exist', () => {
    const missing = files
      .filter((file) => file.endsWith('kustomization.yaml'))
      .flatMap((file) =>
        ((readYaml(join(ROOT, file)).resources as string[]) ?? [])
          .map((resource) => join(dirname(file), resource))
          .filter((path) => !existsSync(join(ROOT, path))),
      );
    expect(missing).toEqual([]);
  });

  it('Job pods run non-root, read-only, without capabilities or a service-account token, with secrets by reference', () => {
    for (const job of manifests.filter((manifest) => manifest.kind === 'Job')) {
      const pod = ((job.spec as Values).template as Values).spec as Values;
      expect([job.metadata.name, pod.automountServiceAccountToken]).toEqual([job.metadata.name, false]);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      for (const container of pod.containers as Values[]) {
        expect(container.securityContext).toEqual({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        const inlined = ((container.env as Values[]) ?? []).filter(
          (env) => /URL|PASSWORD|TOKEN/.test(String(env.name)) && 'value' in env,
        );
        expect(inlined).toEqual([]);
      }
    }
  });
});

describe('environment overlays', () => {
  it.each(ENVIRONMENTS)('%s changes only its namespace, FAI_ENV, retention and image tag', (environment) => {
    const kustomization = readYaml(join(K8S, 'overlays', environment, 'kustomization.yaml'));
    const { apiVersion: _a, kind: _k, resources, namespace, images, patches } = kustomization;
    expect(Object.keys(kustomization).sort()).toEqual([
      'apiVersion',
      'images',
      'kind',
      'namespace',
      'patches',
      'resources',
    ]);
    expect(namespace).toBe(`fai-${environment}`);
    expect(resources).toEqual(['namespace.yaml', '../../base']);
    expect((images as Values[]).map((image) => Object.keys(image).sort())).toEqual([['name', 'newTag']]);
    const operations = (patches as Values[]).flatMap(
      (patch) => parseAllDocuments(String(patch.patch))[0].toJS() as Values[],
    );
    expect(operations.map((operation) => operation.path)).toEqual([
      '/data/FAI_ENV',
      '/data/FAI_EVENT_RETENTION_DAYS',
    ]);
    expect(operations[0].value).toBe(environment);
  });
});

// kubectl carries kustomize; where it is installed, render each overlay as `kubectl apply -k` would.
const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((path) => existsSync(path));
if (!kubectl) console.warn('k8s overlays: kubectl not installed, skipping the kustomize rendering check');

(kubectl ? describe : describe.skip)('rendered overlays (kubectl kustomize)', () => {
  it.each(ENVIRONMENTS)('%s renders to valid objects in its namespace with its FAI_ENV', (environment) => {
    const rendered = execFileSync(kubectl!, ['kustomize', join(K8S, 'overlays', environment)], {
      encoding: 'utf8',
    });
    const objects = kubernetesObjects(
      parseAllDocuments(rendered).map((document) => document.toJS() as unknown),
    );
    expect(objects.map(schemaProblem).filter(Boolean)).toEqual([]);
    const namespaced = objects.filter((object) => object.kind !== 'Namespace');
    expect(namespaced.map((object) => (object.metadata as Values).namespace)).toEqual(
      namespaced.map(() => `fai-${environment}`),
    );
    const config = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === 'fai-platform',
    );
    expect((config?.data as Values).FAI_ENV).toBe(environment);
  });
});
