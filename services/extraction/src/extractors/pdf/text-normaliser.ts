/**
 * Text as rules match it, with a map back to the original: typographic variants folded (curly quotes,
 * dashes, non-breaking spaces), whitespace collapsed, and letter-spaced words re-joined — some PDF
 * producers draw "Avg. AUM" as "A v g. A UM". Matching uses this text; evidence keeps the original.
 */
export interface NormalisedText {
  text: string;
  /** For each character of `text`, the index of the original character it came from. */
  offsets: number[];
}

const FOLD: Record<string, string> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u202f': ' ',
  '\t': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
};

/** A run of at least this many short tokens, most of them single characters, is letter-spaced text. */
const MIN_SPACED_TOKENS = 3;
const SHORT_TOKEN = 2;

export function normaliseText(original: string): NormalisedText {
  const chars: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < original.length; i++) {
    for (const ch of FOLD[original[i]] ?? original[i]) {
      if (ch === ' ' && (chars.length === 0 || chars[chars.length - 1] === ' ')) continue;
      chars.push(ch);
      offsets.push(i);
    }
  }
  if (chars[chars.length - 1] === ' ') {
    chars.pop();
    offsets.pop();
  }
  return joinLetterSpacing({ text: chars.join(''), offsets });
}

function joinLetterSpacing({ text, offsets }: NormalisedText): NormalisedText {
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const drop = new Set<number>();
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && tokens[j].end - tokens[j].start <= SHORT_TOKEN) j++;
    const window = tokens.slice(i, j);
    const singles = window.filter((t) => t.end - t.start === 1).length;
    if (window.length >= MIN_SPACED_TOKENS && singles * 2 >= window.length) {
      for (let k = 1; k < window.length; k++) drop.add(window[k].start - 1);
    }
    i = Math.max(j, i + 1);
  }
  if (drop.size === 0) return { text, offsets };
  const kept = [...text]
    .map((ch, index) => ({ ch, offset: offsets[index], index }))
    .filter((c) => !drop.has(c.index));
  return { text: kept.map((c) => c.ch).join(''), offsets: kept.map((c) => c.offset) };
}

/** The original span [start, end) that normalised characters [start, end) came from. */
export function originalSpan(normalised: NormalisedText, start: number, end: number): [number, number] {
  return [normalised.offsets[start], normalised.offsets[end - 1] + 1];
}

/**
 * A label as a pattern that tolerates letter-spacing: optional whitespace between its characters, any
 * whitespace where it has a space, case-insensitive, and not inside a longer word.
 */
export function labelPattern(label: string): RegExp {
  const body = [...label.trim()]
    .map((ch, index, all) => {
      if (ch === ' ') return '\\s*';
      const escaped = ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return index < all.length - 1 && all[index + 1] !== ' ' ? `${escaped}\\s?` : escaped;
    })
    .join('');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}
