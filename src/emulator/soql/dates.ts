/**
 * Dates for SOQL: date and datetime literals, stored date values, and the relative date constants
 * (`TODAY`, `LAST_N_DAYS:30`, `THIS_MONTH`, …) evaluated in UTC against a given "now". Days are
 * counted as epoch days (days since 1970-01-01 UTC); weeks start on Sunday, as in Salesforce's
 * default en_US locale.
 *
 * @module
 */

const DAY_MS = 86_400_000;

/** A half-open range of epoch days `[start, end)`. */
export interface DayRange {
  start: number;
  end: number;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let k = from; k < from + count; k++) {
    const c = text.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

/**
 * Epoch day of `YYYY-MM-DD` at the start of `text`, or `undefined` if it is not a real calendar date.
 *
 * @example
 * ```ts
 * epochDay('1970-01-02'); // 1
 * ```
 */
export function epochDay(text: string): number | undefined {
  if (text.length < 10 || text[4] !== '-' || text[7] !== '-') return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return Math.round(date.getTime() / DAY_MS);
}

/**
 * Milliseconds since the epoch of a datetime such as `2024-01-15T10:00:00Z`,
 * `2024-01-15T10:00:00.000+0000` or `2024-01-15T10:00:00+01:00`, or `undefined` when malformed.
  *
 * @example
 * ```ts
 * epochMs('1970-01-01T01:00:00+01:00'); // 0
 * ```
 */
export function epochMs(text: string): number | undefined {
  const day = epochDay(text);
  if (day === undefined || (text[10] !== 'T' && text[10] !== 't') || text[13] !== ':' || text[16] !== ':') return undefined;
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  if (!(h <= 23 && mi <= 59 && s <= 59)) return undefined;
  let i = 19;
  let ms = 0;
  if (text[i] === '.') {
    i++;
    const start = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === start) return undefined;
    ms = Math.floor(Number(`0.${text.slice(start, i)}`) * 1000);
  }
  let offsetMin = 0;
  const sign = text[i];
  if (sign === 'Z' || sign === 'z') {
    i++;
  } else if (sign === '+' || sign === '-') {
    const oh = digits(text, i + 1, 2);
    let j = i + 3;
    if (text[j] === ':') j++;
    const om = digits(text, j, 2);
    if (!(oh <= 23 && om <= 59)) return undefined;
    offsetMin = (sign === '-' ? -1 : 1) * (oh * 60 + om);
    i = j + 2;
  } else {
    return undefined;
  }
  if (i !== text.length) return undefined;
  return day * DAY_MS + ((h * 60 + mi - offsetMin) * 60 + s) * 1000 + ms;
}

/**
 * A stored date (`YYYY-MM-DD`) as an epoch day; `undefined` for null or unreadable values.
 *
 * @example
 * ```ts
 * storedDay('2024-01-15'); // 19737
 * ```
 */
export function storedDay(value: unknown): number | undefined {
  return typeof value === 'string' ? epochDay(value) : undefined;
}

/**
 * A stored datetime as epoch milliseconds; `undefined` for null or unreadable values.
 *
 * @example
 * ```ts
 * storedMs('2024-01-15T10:00:00.000+0000'); // 1705312800000
 * ```
 */
export function storedMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 10) {
    const day = epochDay(value);
    return day === undefined ? undefined : day * DAY_MS;
  }
  return epochMs(value);
}

/** Epoch day of a `Date`, in UTC. */
function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** First epoch day of the month `monthIndex` (may overflow) of `year`. */
function monthStart(year: number, monthIndex: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, 1);
  return Math.floor(date.getTime() / DAY_MS);
}

/**
 * The epoch days a date constant covers, relative to `now` (UTC).
 *
 * @example
 * ```ts
 * dateConstantRange('LAST_N_DAYS', 7, new Date('2024-01-15T12:00:00Z')); // 2024-01-08 up to and including 2024-01-15
 * ```
 */
export function dateConstantRange(name: string, n: number, now: Date): DayRange {
  const today = dayOf(now);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const sunday = today - ((today + 4) % 7);
  const quarter = Math.floor(month / 3) * 3;
  const months = (from: number, count: number): DayRange => ({
    start: monthStart(year, month + from),
    end: monthStart(year, month + from + count),
  });
  const quarters = (from: number, count: number): DayRange => ({
    start: monthStart(year, quarter + 3 * from),
    end: monthStart(year, quarter + 3 * (from + count)),
  });
  const years = (from: number, count: number): DayRange => ({
    start: monthStart(year + from, 0),
    end: monthStart(year + from + count, 0),
  });
  switch (name) {
    case 'YESTERDAY': return { start: today - 1, end: today };
    case 'TODAY': return { start: today, end: today + 1 };
    case 'TOMORROW': return { start: today + 1, end: today + 2 };
    case 'LAST_N_DAYS': return { start: today - n, end: today + 1 };
    case 'LAST_90_DAYS': return { start: today - 90, end: today + 1 };
    case 'NEXT_N_DAYS': return { start: today + 1, end: today + 1 + n };
    case 'NEXT_90_DAYS': return { start: today + 1, end: today + 91 };
    case 'N_DAYS_AGO': return { start: today - n, end: today - n + 1 };
    case 'THIS_WEEK': return { start: sunday, end: sunday + 7 };
    case 'LAST_WEEK': return { start: sunday - 7, end: sunday };
    case 'NEXT_WEEK': return { start: sunday + 7, end: sunday + 14 };
    case 'LAST_N_WEEKS': return { start: sunday - 7 * n, end: sunday };
    case 'NEXT_N_WEEKS': return { start: sunday + 7, end: sunday + 7 + 7 * n };
    case 'N_WEEKS_AGO': return { start: sunday - 7 * n, end: sunday - 7 * n + 7 };
    case 'THIS_MONTH': return months(0, 1);
    case 'LAST_MONTH': return months(-1, 1);
    case 'NEXT_MONTH': return months(1, 1);
    case 'LAST_N_MONTHS': return months(-n, n);
    case 'NEXT_N_MONTHS': return months(1, n);
    case 'N_MONTHS_AGO': return months(-n, 1);
    case 'THIS_QUARTER': return quarters(0, 1);
    case 'LAST_QUARTER': return quarters(-1, 1);
    case 'NEXT_QUARTER': return quarters(1, 1);
    case 'LAST_N_QUARTERS': return quarters(-n, n);
    case 'NEXT_N_QUARTERS': return quarters(1, n);
    case 'N_QUARTERS_AGO': return quarters(-n, 1);
    case 'THIS_YEAR': return years(0, 1);
    case 'LAST_YEAR': return years(-1, 1);
    case 'NEXT_YEAR': return years(1, 1);
    case 'LAST_N_YEARS': return years(-n, n);
    case 'NEXT_N_YEARS': return years(1, n);
    case 'N_YEARS_AGO': return years(-n, 1);
    default: throw new RangeError(`unknown date constant ${name}`);
  }
}

/** Milliseconds in a day, for turning day ranges into datetime ranges. */
export const MS_PER_DAY = DAY_MS;
