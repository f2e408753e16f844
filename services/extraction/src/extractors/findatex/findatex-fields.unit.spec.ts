import { isKnownMetric } from '../../claims/metric-vocabulary';
import { EMT_TEMPLATES } from './emt-fields';
import { EPT_TEMPLATES } from './ept-fields';
import { fieldCode, type FindatexTemplate } from './findatex-template';
import { describeWithRealFixtures, officialFieldNames, readRealFixture } from './fixture-support.spec';
import { TPT_TEMPLATES } from './tpt-fields';

const OFFICIAL = {
  tptV6: 'findatex/templates/TPT_V6_20220314_final.json',
  tptV7: 'findatex/templates/TPT_V7_20241125_updated.json',
  ept: 'findatex/templates/EPT_V2.1_Final.json',
  emt: 'findatex/templates/EMT_V4_3_20251217.xlsx',
};

const codesOf = (names: readonly string[]) => new Set(names.map((n) => fieldCode(n)).filter(Boolean));
const referenced = (template: FindatexTemplate) =>
  [
    ...template.fields.flatMap((f) => [
      f.code,
      f.identifier?.typeField,
      f.asOfField,
      typeof f.unit === 'object' ? f.unit.currencyField : undefined,
    ]),
    ...template.required,
  ].filter((c): c is string => c !== undefined);

describe('FinDatEx field maps', () => {
  it.each(
    [...TPT_TEMPLATES, ...EPT_TEMPLATES, ...EMT_TEMPLATES].map((t) => [`${t.name} ${t.version}`, t] as const),
  )('%s names only vocabulary metrics, once per field number', (_, template) => {
    expect(template.fields.filter((f) => !isKnownMetric(f.metric))).toEqual([]);
    expect(new Set(template.fields.map((f) => f.code)).size).toBe(template.fields.length);
  });
});

describeWithRealFixtures(
  'FinDatEx field maps against the official field lists',
  Object.values(OFFICIAL),
  () => {
    const json = (file: string) => JSON.parse(readRealFixture(file).toString('utf8')) as unknown;

    it.each([
      ['V6', OFFICIAL.tptV6],
      ['V7', OFFICIAL.tptV7],
    ])('TPT %s: every field number the map uses is in the official list', (version, file) => {
      const official = codesOf((json(file) as Array<{ NUM_DATA?: string }>).map((row) => row.NUM_DATA ?? ''));
      const template = TPT_TEMPLATES.find((t) => t.version === version)!;
      expect(referenced(template).filter((code) => !official.has(code))).toEqual([]);
    });

    it('EPT V2.1: every field number the map uses is in the official list', () => {
      const rows = Object.values(json(OFFICIAL.ept) as Record<string, Array<{ field?: string }>>)[0];
      const official = codesOf(rows.map((row) => row.field ?? ''));
      expect(referenced(EPT_TEMPLATES[0]).filter((code) => !official.has(code))).toEqual([]);
    });

    it('EMT V4.3: every field number the map uses is in the official list', async () => {
      const official = codesOf(await officialFieldNames(readRealFixture(OFFICIAL.emt)));
      expect(referenced(EMT_TEMPLATES[0]).filter((code) => !official.has(code))).toEqual([]);
    });
  },
);
