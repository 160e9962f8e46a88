import { describe, expect, it } from 'vitest';
import { dateConstantRange, epochDay, epochMs, MS_PER_DAY } from '../../../../src/emulator/soql/dates.js';
import { LIKE_ANY, LIKE_ONE, tokenize, type LikeUnit } from '../../../../src/emulator/soql/lexer.js';
import { compileLike, fold } from '../../../../src/emulator/soql/text.js';

const day = (text: string): number => epochDay(text) as number;
const range = (name: string, n = 0, now = new Date('2024-01-15T12:00:00Z')): [string, string] => {
  const r = dateConstantRange(name, n, now);
  const iso = (d: number): string => new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
  return [iso(r.start), iso(r.end - 1)];
};

describe('date literals', () => {
  it('reads calendar dates, refusing impossible ones', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(day('2024-02-29')).toBe(19782);
    expect(epochDay('2023-02-29')).toBeUndefined();
    expect(epochDay('2024-13-01')).toBeUndefined();
    expect(epochDay('0099-01-01')).toBe(Math.round(Date.parse('0099-01-01T00:00:00Z') / MS_PER_DAY));
  });

  it('reads datetimes with Z, ±hh:mm, ±hhmm and fractions', () => {
    const t = Date.parse('2024-01-15T10:00:00Z');
    expect(epochMs('2024-01-15T10:00:00Z')).toBe(t);
    expect(epochMs('2024-01-15T11:00:00+01:00')).toBe(t);
    expect(epochMs('2024-01-15T05:00:00-0500')).toBe(t);
    expect(epochMs('2024-01-15T10:00:00.250+0000')).toBe(t + 250);
    expect(epochMs('2024-01-15T10:00:00')).toBeUndefined();
    expect(epochMs('2024-01-15T24:00:00Z')).toBeUndefined();
  });
});

describe('date constants (now: Monday 2024-01-15, UTC; weeks start on Sunday)', () => {
  it('days', () => {
    expect(range('TODAY')).toEqual(['2024-01-15', '2024-01-15']);
    expect(range('YESTERDAY')).toEqual(['2024-01-14', '2024-01-14']);
    expect(range('TOMORROW')).toEqual(['2024-01-16', '2024-01-16']);
    expect(range('LAST_N_DAYS', 7)).toEqual(['2024-01-08', '2024-01-15']);
    expect(range('NEXT_N_DAYS', 7)).toEqual(['2024-01-16', '2024-01-22']);
    expect(range('N_DAYS_AGO', 3)).toEqual(['2024-01-12', '2024-01-12']);
    expect(range('LAST_90_DAYS')).toEqual(['2023-10-17', '2024-01-15']);
  });

  it('weeks', () => {
    expect(range('THIS_WEEK')).toEqual(['2024-01-14', '2024-01-20']);
    expect(range('LAST_WEEK')).toEqual(['2024-01-07', '2024-01-13']);
    expect(range('NEXT_WEEK')).toEqual(['2024-01-21', '2024-01-27']);
    expect(range('THIS_WEEK', 0, new Date('2024-01-14T00:00:00Z'))).toEqual(['2024-01-14', '2024-01-20']);
    expect(range('THIS_WEEK', 0, new Date('2024-01-20T23:59:59Z'))).toEqual(['2024-01-14', '2024-01-20']);
    expect(range('LAST_N_WEEKS', 2)).toEqual(['2023-12-31', '2024-01-13']);
  });

  it('months, quarters, years — across year boundaries', () => {
    expect(range('THIS_MONTH')).toEqual(['2024-01-01', '2024-01-31']);
    expect(range('LAST_MONTH')).toEqual(['2023-12-01', '2023-12-31']);
    expect(range('NEXT_MONTH')).toEqual(['2024-02-01', '2024-02-29']);
    expect(range('LAST_N_MONTHS', 2)).toEqual(['2023-11-01', '2023-12-31']);
    expect(range('THIS_QUARTER', 0, new Date('2024-05-10T00:00:00Z'))).toEqual(['2024-04-01', '2024-06-30']);
    expect(range('LAST_QUARTER')).toEqual(['2023-10-01', '2023-12-31']);
    expect(range('THIS_YEAR')).toEqual(['2024-01-01', '2024-12-31']);
    expect(range('LAST_YEAR')).toEqual(['2023-01-01', '2023-12-31']);
    expect(range('NEXT_N_YEARS', 2)).toEqual(['2025-01-01', '2026-12-31']);
  });
});

describe('lexer', () => {
  it('resolves escapes and keeps escaped wildcards literal in LIKE patterns', () => {
    const str = tokenize("SELECT Id FROM Lead WHERE Name LIKE 'a\\%b%_\\_\\n'").find((t) => t.kind === 'string');
    expect(str?.kind).toBe('string');
    expect(str?.value).toBe('a%b%__\n');
    expect(str?.like).toEqual(['a', '%', 'b', LIKE_ANY, LIKE_ONE, '_', '\n']);
  });

  it('tells dates, datetimes and numbers apart', () => {
    const kinds = tokenize('2024-01-15 2024-01-15T10:00:00.000+0000 2024-01-15T10:00:00Z 42 4.5').map((t) => t.kind);
    expect(kinds).toEqual(['date', 'datetime', 'datetime', 'number', 'number', 'eof']);
  });
});

describe('case folding and LIKE', () => {
  it('folds ASCII and other scripts', () => {
    expect(fold('AcMe')).toBe('acme');
    expect(fold('ÄPFEL Σ')).toBe('äpfel σ');
    expect(fold('İ')).toBe('İ');
  });

  it('matches % and _ per character, ignoring case', () => {
    expect(compileLike(['ä', LIKE_ANY])('ÄPFEL')).toBe(true);
    expect(compileLike([LIKE_ONE, 'b'])('😀B')).toBe(true);
    expect(compileLike([LIKE_ONE])('😀')).toBe(true);
    expect(compileLike([LIKE_ONE, LIKE_ONE])('😀')).toBe(false);
    expect(compileLike([LIKE_ANY, 'a', LIKE_ANY, 'b', LIKE_ANY])('xxAyyBzz')).toBe(true);
    expect(compileLike([LIKE_ANY, 'a', LIKE_ANY, 'b'])('xxAyyBzz')).toBe(false);
  });

  it('stays polynomial on patterns that make backtracking regexes explode', () => {
    const units: LikeUnit[] = [...Array.from({ length: 200 }, (): LikeUnit[] => [LIKE_ANY, 'a']).flat(), 'b'];
    expect(compileLike(units)('a'.repeat(5000))).toBe(false);
  });
});
