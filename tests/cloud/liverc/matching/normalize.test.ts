/** @module Name normalisation and Jaro-Winkler: the entry-list and race-table spellings LiveRC prints, and the classic reference figures. */
import { describe, expect, it } from 'vitest';
import { jaroWinkler, normalizeName, normalizeTransponder } from '../../../../cloud/liverc/matching/index.ts';

describe('normalizeName', () => {
  it('normalizeName - the entry list\'s "SURNAME, FIRST" equals the race table\'s "FIRST SURNAME"', () => {
    expect(normalizeName('KOEGLER, FELIX')).toBe('felix koegler');
    expect(normalizeName('FELIX KOEGLER')).toBe('felix koegler');
    expect(normalizeName('Bratton, Richard')).toBe(normalizeName('RICHARD BRATTON'));
  });

  it('normalizeName - a surname of two words keeps its order behind the given names', () => {
    expect(normalizeName('VAN DER BERG, JAN PIETER')).toBe('jan pieter van der berg');
  });

  it("normalizeName - O'LOUGHLIN, an escaped O\\'Loughlin and a typographic apostrophe all agree", () => {
    const plain = normalizeName("SEAN O'LOUGHLIN");
    expect(plain).toBe('sean oloughlin');
    expect(normalizeName("Sean O\\'Loughlin")).toBe(plain);
    expect(normalizeName('Sean O’Loughlin')).toBe(plain);
    expect(normalizeName("O'LOUGHLIN, SEAN")).toBe(plain);
  });

  it('normalizeName - accents are stripped, and letters NFKD keeps whole are spelt out', () => {
    expect(normalizeName('Félix Kögler')).toBe('felix kogler');
    expect(normalizeName('Øster, Jörg')).toBe('jorg oster');
    expect(normalizeName('Lukas Strauß')).toBe('lukas strauss');
    expect(normalizeName('Paweł Łukasik')).toBe('pawel lukasik');
  });

  it('normalizeName - double spaces, tabs and non-breaking spaces collapse to one space and the ends are trimmed', () => {
    expect(normalizeName('  FELIX \t  KOEGLER\u00a0')).toBe('felix koegler');
    expect(normalizeName('KOEGLER,   FELIX ')).toBe('felix koegler');
  });

  it('normalizeName - hyphens separate words while dots join initials', () => {
    expect(normalizeName('ANN-MARIE SMITH-JONES')).toBe('ann marie smith jones');
    expect(normalizeName('J.R. SMITH')).toBe('jr smith');
    expect(normalizeName('Smith (Jr)')).toBe('smith jr');
  });

  it('normalizeName - a name of punctuation only normalises to the empty string', () => {
    expect(normalizeName(' - , . ')).toBe('');
    expect(normalizeName('')).toBe('');
  });
});

describe('normalizeTransponder', () => {
  it('normalizeTransponder - whitespace is dropped and an empty value is unknown', () => {
    expect(normalizeTransponder(' 860 3914 ')).toBe('8603914');
    expect(normalizeTransponder('   ')).toBeNull();
    expect(normalizeTransponder(null)).toBeNull();
  });
});

describe('jaroWinkler', () => {
  it('jaroWinkler - MARTHA/MARHTA is 0.961', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
  });

  it('jaroWinkler - DWAYNE/DUANE is 0.84', () => {
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
  });

  it('jaroWinkler - DIXON/DICKSONX is 0.813', () => {
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });

  it('jaroWinkler - is symmetric on the reference pairs', () => {
    for (const [a, b] of [['MARTHA', 'MARHTA'], ['DWAYNE', 'DUANE'], ['DIXON', 'DICKSONX']] as const) {
      expect(jaroWinkler(b, a)).toBeCloseTo(jaroWinkler(a, b), 12);
    }
  });

  it('jaroWinkler - identical strings score 1 and strings with no common character score 0', () => {
    expect(jaroWinkler('felix koegler', 'felix koegler')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('jaroWinkler - the common-prefix bonus stops at four characters', () => {
    // Jaro of ABCDEX/ABCDEY is 8/9 with five common leading letters; only four earn the bonus.
    const jaro = 8 / 9;
    expect(jaroWinkler('ABCDEX', 'ABCDEY')).toBeCloseTo(jaro + 4 * 0.1 * (1 - jaro), 12);
  });

  it('jaroWinkler - is case-sensitive, so callers compare normalised names', () => {
    expect(jaroWinkler('MARTHA', 'martha')).toBe(0);
    expect(jaroWinkler(normalizeName('MARTHA'), normalizeName('martha'))).toBe(1);
  });
});
