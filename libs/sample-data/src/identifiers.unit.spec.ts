import { cusipCheckDigit, isinCheckDigit, lei, leiCheckDigits, usSecurityIds } from './identifiers';
import { SeededRandom } from './random';

/** ISO 6166 read back the way a checker reads it: letters as numbers, Luhn over all 12 characters. */
function isinIsValid(isin: string): boolean {
  const digits = [...isin].map((c) => parseInt(c, 36).toString()).join('');
  const sum = [...digits].reverse().reduce((total, char, i) => {
    const d = Number(char) * (i % 2 === 1 ? 2 : 1);
    return total + (d > 9 ? d - 9 : d);
  }, 0);
  return /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(isin) && sum % 10 === 0;
}

/** ISO 17442: the whole LEI as a number is 1 modulo 97. */
const leiIsValid = (code: string) =>
  /^[A-Z0-9]{18}\d{2}$/.test(code) &&
  BigInt([...code].map((c) => parseInt(c, 36).toString()).join('')) % 97n === 1n;

describe('identifiers', () => {
  it.each([
    ['US49151FGH7', '3'],
    ['SE001783228', '0'],
    ['GB00B0CNHB6', '4'],
    ['US001055102', '8'],
    ['US00130H105', '9'],
  ])('gives the check digit of the real ISIN %s%s', (body, digit) => {
    expect(isinCheckDigit(body)).toBe(digit);
  });

  it.each([
    ['49151FGH', '7'],
    ['00105510', '2'],
    ['00130H10', '5'],
  ])('gives the check digit of the real CUSIP %s%s', (body, digit) => {
    expect(cusipCheckDigit(body)).toBe(digit);
  });

  it.each([
    ['5493006TF05454RBY6', '90'],
    ['549300S8YVGTJ1NMTW', '57'],
    ['549300N0B7DOGLXWPP', '39'],
  ])('gives the check digits of the real LEI %s%s', (body, digits) => {
    expect(leiCheckDigits(body)).toBe(digits);
  });

  it('generates ISINs on valid CUSIPs and LEIs that an independent checker accepts', () => {
    const random = new SeededRandom('identifiers');
    for (let i = 0; i < 500; i += 1) {
      const { cusip, isin } = usSecurityIds(random);
      expect(isin).toBe(`US${cusip}${isin.at(-1)}`);
      expect(cusipCheckDigit(cusip.slice(0, 8))).toBe(cusip[8]);
      expect(isinIsValid(isin)).toBe(true);
      expect(leiIsValid(lei(random))).toBe(true);
    }
  });
});

describe('SeededRandom', () => {
  const draws = (random: SeededRandom) => Array.from({ length: 5 }, () => random.next());

  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draws(new SeededRandom('a'))).toEqual(draws(new SeededRandom('a')));
    expect(draws(new SeededRandom('a'))).not.toEqual(draws(new SeededRandom('b')));
  });

  it('forks streams that do not depend on what the parent drew before', () => {
    const fresh = new SeededRandom('a');
    const used = new SeededRandom('a');
    draws(used);
    expect(draws(fresh.fork('fund-1'))).toEqual(draws(used.fork('fund-1')));
    expect(draws(fresh.fork('fund-1'))).not.toEqual(draws(fresh.fork('fund-2')));
  });

  it('draws integers within their bounds, every value reachable', () => {
    const random = new SeededRandom('bounds');
    const seen = new Set(Array.from({ length: 2000 }, () => random.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });
});
