import { doubleToDecimalText, readFindatexValue } from './findatex-values';

const text = (value: string) => ({ kind: 'text', text: value }) as const;

describe('readFindatexValue', () => {
  it('keeps a decimal as stated, normalising only its spelling', () => {
    expect(readFindatexValue({ kind: 'number', text: '2988250.1302126907' }, 'decimal').value).toBe(
      '2988250.1302126907',
    );
    expect(readFindatexValue(text('0.10'), 'decimal').value).toBe('0.10');
    expect(readFindatexValue(text('+.5'), 'decimal').value).toBe('0.5');
    expect(readFindatexValue(text('-0,25'), 'decimal').value).toBe('-0.25');
    expect(readFindatexValue(text('1.5E-05'), 'decimal').value).toBe('0.000015');
    expect(readFindatexValue(text('-0'), 'decimal').value).toBe('0');
  });

  it('turns empty cells, N/A, an empty quoted string and masks into typed blanks', () => {
    expect(readFindatexValue({ kind: 'empty' }, 'decimal')).toEqual({
      value: null,
      blank: { kind: 'missing', reason: 'the field is empty' },
      unreadable: false,
    });
    expect(readFindatexValue(text('N/A'), 'code').blank).toEqual({
      kind: 'missing',
      reason: 'the file states "N/A"',
    });
    expect(readFindatexValue(text('""'), 'text').blank?.reason).toBe(
      'the field holds an empty quoted string',
    );
    expect(readFindatexValue(text('XXXXXX'), 'code').blank?.kind).toBe('suppressed');
  });

  it('flags what it cannot read instead of guessing', () => {
    expect(readFindatexValue(text('1,234.5'), 'decimal')).toMatchObject({ value: null, unreadable: true });
    expect(readFindatexValue(text('31/12/2025'), 'date')).toMatchObject({ value: null, unreadable: true });
    expect(readFindatexValue(text('2025-02-30'), 'date')).toMatchObject({ value: null, unreadable: true });
    expect(readFindatexValue({ kind: 'date', iso: '2025-06-30' }, 'decimal')).toMatchObject({
      value: null,
      unreadable: true,
    });
  });

  it('reads ISO dates and the date of an ISO timestamp; codes and text as stated', () => {
    expect(readFindatexValue(text('2024-02-23T13:42:48.235711Z'), 'date').value).toBe('2024-02-23');
    expect(readFindatexValue(text('2026-01-15 10:00:00'), 'date').value).toBe('2026-01-15');
    expect(readFindatexValue({ kind: 'date', iso: '2025-06-30' }, 'date').value).toBe('2025-06-30');
    expect(readFindatexValue({ kind: 'number', text: '1' }, 'code').value).toBe('1');
    expect(readFindatexValue(text('  Captor Dahlia Green Bond A '), 'text').value).toBe(
      'Captor Dahlia Green Bond A',
    );
  });

  it('writes a double as the shortest decimal that identifies it, never in exponent form', () => {
    expect(doubleToDecimalText(0.000684)).toBe('0.000684');
    expect(doubleToDecimalText(1e-7)).toBe('0.0000001');
    expect(doubleToDecimalText(297.2795)).toBe('297.2795');
  });
});
