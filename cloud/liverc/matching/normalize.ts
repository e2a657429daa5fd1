/** @module Name and transponder normalisation, and the Jaro-Winkler similarity the driver matcher ranks names with. */

/**
 * Letters NFKD leaves whole (they are not a base letter plus a combining mark), folded the way
 * entry lists typed on an English keyboard spell them: "Kögler" is decomposed, "Øster" is not.
 */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Deleted without leaving a gap, so "O'LOUGHLIN", "O\'Loughlin" (an escaped quote left in by a
 * racerLaps parse, liverc-site.md §2.1 review H1) and "OLOUGHLIN" agree, as do "J.R." and "JR".
 */
const JOINING = /['’‘`´\\.]/g;

/** Anything else that is not a letter or a digit separates words: "SMITH-JONES" = "Smith Jones". */
const SEPARATING = /[^\p{L}\p{N}]+/gu;

/**
 * The comparable form of a driver or member name: case-folded, accents stripped, punctuation gone,
 * single spaces, and the entry list's "SURNAME, FIRST" (liverc-site.md §1.7) turned into "first surname".
 */
export function normalizeName(name: string): string {
  let folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (ch) => UNDECOMPOSED[ch] ?? ch);
  const comma = folded.indexOf(',');
  if (comma >= 0) {
    const surname = folded.slice(0, comma).trim();
    const given = folded.slice(comma + 1).replace(/,/g, ' ').trim();
    folded = surname && given ? `${given} ${surname}` : `${surname} ${given}`;
  }
  return folded.replace(JOINING, '').replace(SEPARATING, ' ').trim();
}

/** Transponder numbers compare as text without whitespace; empty means unknown. */
export function normalizeTransponder(value: string | null | undefined): string | null {
  const compact = (value ?? '').replace(/\s+/g, '');
  return compact === '' ? null : compact;
}

/** Jaro similarity over code points (an accent-free name can still hold non-Latin letters). */
function jaro(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const end = Math.min(b.length - 1, i + window);
    for (let j = Math.max(0, i - window); j <= end; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) halfTranspositions++;
    k++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - halfTranspositions / 2) / m) / 3;
}

const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

/**
 * Jaro-Winkler similarity in [0, 1]: Jaro plus a bonus for a common prefix of up to four
 * characters, scaled by 0.1. Case-sensitive; callers compare normalised names.
 */
export function jaroWinkler(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const similarity = jaro(left, right);
  let prefix = 0;
  while (prefix < MAX_PREFIX && prefix < left.length && left[prefix] === right[prefix]) prefix++;
  return similarity + prefix * PREFIX_SCALE * (1 - similarity);
}
