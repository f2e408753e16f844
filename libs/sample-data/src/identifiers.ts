import type { SeededRandom } from './random';

/**
 * Identifiers with their real check digits, so that ingest's classifier (which verifies them)
 * and extraction's fund resolution take generated documents exactly as they take real ones.
 */

const DIGITS = '0123456789';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A character's value in ISIN, CUSIP and LEI arithmetic: 0-9, then A=10 … Z=35. */
const valueOf = (char: string) => parseInt(char, 36);

/** CUSIP check digit: values weighted 1,2,1,2…, digit sums added, ten's complement. */
export function cusipCheckDigit(body: string): string {
  let sum = 0;
  [...body].forEach((char, index) => {
    const value = valueOf(char) * (index % 2 === 1 ? 2 : 1);
    sum += Math.floor(value / 10) + (value % 10);
  });
  return String((10 - (sum % 10)) % 10);
}

/** ISO 6166 check digit: letters become two digits, then Luhn from the right over the digit string. */
export function isinCheckDigit(body: string): string {
  const digits = [...body].map((char) => String(valueOf(char))).join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    // The check digit will stand right of the body, so the body's last digit is doubled.
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** ISO 17442 (ISO 7064 MOD 97-10) check digits of an 18-character LEI body. */
export function leiCheckDigits(body: string): string {
  let remainder = 0;
  for (const char of `${body}00`) {
    for (const digit of String(valueOf(char))) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

export const isinOf = (countryAndNsin: string) => `${countryAndNsin}${isinCheckDigit(countryAndNsin)}`;

/** A US security: CUSIP and the ISIN built on it (`US` + CUSIP + check digit). */
export function usSecurityIds(random: SeededRandom): { cusip: string; isin: string } {
  const body = `${random.chars(DIGITS, 6)}${random.chars(ALPHANUMERIC, 2)}`;
  const cusip = `${body}${cusipCheckDigit(body)}`;
  return { cusip, isin: isinOf(`US${cusip}`) };
}

/** An LEI: a 4-character LOU prefix, `00`, 12 entity characters and the check digits. */
export function lei(random: SeededRandom): string {
  const body = `${random.pick(['5493', '2549', '9845', '3003'])}00${random.chars(ALPHANUMERIC, 12)}`;
  return `${body}${leiCheckDigits(body)}`;
}

/** SEC identifiers: series `S` + 9 digits, class `C` + 9 digits, CIK as EDGAR pads it to 10 digits. */
export const seriesId = (random: SeededRandom) => `S${random.chars(DIGITS, 9)}`;
export const classId = (random: SeededRandom) => `C${random.chars(DIGITS, 9)}`;
export const cik = (random: SeededRandom) => `000${random.int(1, 9)}${random.chars(DIGITS, 6)}`;
