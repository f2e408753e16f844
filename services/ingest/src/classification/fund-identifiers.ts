const ISIN_SHAPE = /^[A-Z]{2}[A-Z0-9]{9}\d$/;
const ISIN_IN_TEXT = /\b[A-Z]{2}[A-Z0-9]{9}\d\b/g;
const LEI_SHAPE = /^[A-Z0-9]{18}\d{2}$/;

/** ISO 6166: letters count as two digits (A=10 … Z=35), then the Luhn check over the digit string. */
export function isIsin(value: string): boolean {
  if (!ISIN_SHAPE.test(value)) return false;
  const digits = [...value].map((c) => parseInt(c, 36).toString()).join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 17442: the LEI read as a number (A=10 … Z=35) is 1 modulo 97. */
export function isLei(value: string): boolean {
  if (!LEI_SHAPE.test(value)) return false;
  let remainder = 0;
  for (const c of value) {
    for (const digit of parseInt(c, 36).toString()) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export const isSeriesId = (value: string) => /^S\d{9}$/.test(value);
export const isCik = (value: string) => /^\d{1,10}$/.test(value);

/** The valid ISINs among `values`, each once, in order of first appearance. */
export function distinctIsins(values: Iterable<unknown>): string[] {
  const found = new Set<string>();
  for (const value of values) {
    const candidate = typeof value === 'string' ? value.trim().toUpperCase() : '';
    if (isIsin(candidate)) found.add(candidate);
  }
  return [...found];
}

/** ISINs written anywhere in running text (the check digit weeds out look-alike words and codes). */
export const isinsInText = (text: string) => distinctIsins(text.match(ISIN_IN_TEXT) ?? []);
