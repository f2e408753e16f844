import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  CHARTS,
  coalesce,
  ENVIRONMENTS,
  filesUnder,
  hasValuePath,
  HELM,
  isMap,
  readJson,
  readYaml,
  serviceChartValues,
  SERVICES,
  subchartValues,
  templateValuePaths,
  umbrellaValues,
  type Values,
} from './deployment-files';

// No helm binary here: these checks stand in for `helm lint` on values; rendering is not checked (docs/operations.md).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const serviceSchema = ajv.compile(readJson(join(HELM, 'fai-lib', 'values.schema.json')));
const umbrellaSchema = ajv.compile(readJson(join(HELM, 'fai', 'values.schema.json')));

function schemaErrors(validate: typeof serviceSchema, values: Values): string[] {
  return validate(values)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('service charts', () => {
  it.each(CHARTS)('%s uses the library chart, its defaults and its schema', (service) => {
    const chart = readYaml(join(HELM, service, 'Chart.yaml'));
    expect(chart.dependencies).toEqual([
      expect.objectContaining({
        name: 'fai-lib',
        repository: 'file://../fai-lib',
        'import-values': ['defaults'],
      }),
    ]);
    expect(realpathSync(join(HELM, service, 'values.schema.json'))).toBe(
      join(HELM, 'fai-lib', 'values.schema.json'),
    );
    expect(readFileSync(join(HELM, service, 'templates', 'resources.yaml'), 'utf8').trim()).toBe(
      '{{ include "fai-lib.service-resources" . }}',
    );
  });

  it.each(CHARTS)('%s: default values satisfy the schema and name the service', (service) => {
    const values = serviceChartValues(service);
    expect(schemaErrors(serviceSchema, values)).toEqual([]);
    expect(values.component).toBe(service);
  });

  it.each(ENVIRONMENTS.flatMap((environment) => CHARTS.map((service) => [environment, service])))(
    '%s values for %s satisfy the schema',
    (environment, service) => {
      const umbrella = umbrellaValues(environment);
      expect(schemaErrors(umbrellaSchema, umbrella)).toEqual([]);
      const values = subchartValues(service, umbrella);
      expect(schemaErrors(serviceSchema, values)).toEqual([]);
      expect((values.global as Values).environment).toBe(environment);
    },
  );

  it('every service has its own HTTP port, as its config class defaults it', () => {
    const ports = SERVICES.map((service) => {
      const config = readFileSync(
        join(HELM, '..', 'services', service, 'src', `${service}.config.ts`),
        'utf8',
      );
      const [, port] = /FAI_HTTP_PORT: number = ([0-9_]+)/.exec(config) ?? [];
      expect(serviceChartValues(service).containerPort).toBe(Number(port.replace(/_/g, '')));
      return port;
    });
    expect(new Set(ports).size).toBe(SERVICES.length);
  });
});

describe('the schema refuses what must never ship', () => {
  const valid = serviceChartValues('scheduler');
  const refusals: Array<[string, Values]> = [
    ['a root container', { containerSecurityContext: { runAsNonRoot: false } }],
    ['a writable root filesystem', { containerSecurityContext: { readOnlyRootFilesystem: false } }],
    ['kept capabilities', { containerSecurityContext: { capabilities: { drop: ['NET_RAW'] } } }],
    ['privilege escalation', { containerSecurityContext: { allowPrivilegeEscalation: true } }],
    ['a database URL inlined as a plain setting', { env: { FAI_PG_URL: 'postgres://fai:secret@db/fai' } }],
    [
      'a secret reference without its key',
      { secretEnv: { OTEL_EXPORTER_OTLP_HEADERS: { name: 'fai-otel' } } },
    ],
    ['an unknown environment', { global: { environment: 'production' } }],
    ['the latest tag', { image: { tag: 'latest' } }],
    ['a mistyped key', { replicaCont: 2 }],
    ['a memory quantity in bytes', { resources: { limits: { memory: '512000000' } } }],
  ];

  it('accepts the defaults it is compared with', () => {
    expect(schemaErrors(serviceSchema, valid)).toEqual([]);
  });

  it('accepts the null that removes a default secret reference, whether Helm drops or keeps it', () => {
    const kept = { ...valid, secretEnv: { ...(valid.secretEnv as Values), FAI_PG_URL: null } };
    expect(schemaErrors(serviceSchema, kept)).toEqual([]);
  });

  it.each(refusals)('refuses %s', (_what, change) => {
    expect(schemaErrors(serviceSchema, coalesce(valid, change))).not.toEqual([]);
  });
});

describe('templates read only values that exist', () => {
  const libraryTemplates = filesUnder(join(HELM, 'fai-lib', 'templates'), ['.tpl', '.yaml']);

  it('finds the library templates and the paths they read', () => {
    expect(libraryTemplates.length).toBeGreaterThan(3);
    expect(
      templateValuePaths('{{ .Values.image.tag }} {{ $.Values.global.environment }} {{ .Values.image.tag }}'),
    ).toEqual(['global.environment', 'image.tag']);
  });

  it.each(CHARTS)('the library templates find every value they read in the %s chart', (service) => {
    const values = serviceChartValues(service);
    const missing = libraryTemplates.flatMap((file) =>
      templateValuePaths(readFileSync(join(HELM, '..', file), 'utf8'))
        .filter((path) => !hasValuePath(values, path))
        .map((path) => `${file}: .Values.${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('the umbrella templates find every value they read', () => {
    const values = umbrellaValues();
    const missing = filesUnder(join(HELM, 'fai', 'templates'), ['.yaml', '.tpl']).flatMap((file) =>
      templateValuePaths(readFileSync(join(HELM, '..', file), 'utf8'))
        .filter((path) => !hasValuePath(values, path))
        .map((path) => `${file}: .Values.${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('a path missing from the values is reported', () => {
    expect(hasValuePath(serviceChartValues('ingest'), 'artefactStore.readOnly')).toBe(true);
    expect(hasValuePath(serviceChartValues('ingest'), 'artefactStore.readonly')).toBe(false);
  });
});

describe('environments differ only where they must', () => {
  // Replicas, scaling, disruption budgets, resources, monitoring, log level and FAI_ENV (PRODUCT-SPEC §7).
  const ALLOWED = new Set([
    'enabled',
    'replicaCount',
    'autoscaling',
    'pdb',
    'resources',
    'serviceMonitor',
    'env.FAI_LOG_LEVEL',
  ]);

  function keysOf(values: Values, prefix = ''): string[] {
    return Object.entries(values).flatMap(([key, value]) =>
      key === 'env' && isMap(value) ? Object.keys(value).map((name) => `env.${name}`) : [`${prefix}${key}`],
    );
  }

  it.each(ENVIRONMENTS)('%s sets only environment keys', (environment) => {
    const file = readYaml(join(HELM, '..', 'k8s', 'overlays', environment, 'values.yaml'));
    const { global, prometheusRule: _rule, grafanaDashboards: _dashboards, ...services } = file;
    expect(Object.keys(global as Values)).toEqual(['environment']);
    expect(Object.keys(services).sort()).toEqual([...CHARTS].sort());
    const outside = Object.entries(services).flatMap(([service, values]) =>
      keysOf(values as Values)
        .filter((key) => !ALLOWED.has(key))
        .map((key) => `${service}.${key}`),
    );
    expect(outside).toEqual([]);
  });

  it('no chart and no staging or prod values set a dev-only setting (prod would refuse to start)', () => {
    const devOnly = ['libs', 'services']
      .flatMap((dir) => filesUnder(join(HELM, '..', dir), ['.ts']))
      .filter((file) => !file.endsWith('.spec.ts'))
      .flatMap((file) => [
        ...readFileSync(join(HELM, '..', file), 'utf8').matchAll(
          /@DevOnly\(\)[\s\S]*?\b(FAI_[A-Z0-9_]+)\??[!]?:/g,
        ),
      ])
      .map(([, name]) => name);
    expect(devOnly).toEqual(expect.arrayContaining(['FAI_DEV_TOKEN_ISSUER', 'FAI_SYNTHETIC_DATA']));
    for (const environment of ['staging', 'prod']) {
      for (const chart of CHARTS) {
        const env = subchartValues(chart, umbrellaValues(environment)).env as Values;
        expect([environment, chart, Object.keys(env).filter((name) => devOnly.includes(name))]).toEqual([
          environment,
          chart,
          [],
        ]);
      }
    }
  });

  it('production turns on disruption budgets and monitoring for every service', () => {
    const prod = umbrellaValues('prod');
    for (const service of SERVICES) {
      const values = subchartValues(service, prod);
      expect([service, (values.pdb as Values).enabled, (values.serviceMonitor as Values).enabled]).toEqual([
        service,
        true,
        true,
      ]);
    }
    expect((prod.prometheusRule as Values).enabled).toBe(true);
  });
});
