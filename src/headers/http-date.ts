/**
 * HTTP dates (RFC 9110 §5.6.7) and the ISO 8601 strings Salesforce uses, both ways, as UTC.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete RFC 850 form) */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994` (obsolete asctime form, UTC by definition) */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);
/** `2024-01-15`, `2024-01-15T10:00:00Z`, `2024-01-15T10:00:00.000+0000`, `…+01:00` */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Epoch ms of a UTC calendar time, or undefined when a field is out of range (31 Feb, 24:00). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.getTime() : undefined;
}

function month(name: string | undefined): number {
  return MONTHS.indexOf(name ?? '') + 1;
}

/**
 * Parses the three HTTP date forms every recipient must accept, as UTC. An RFC 850 two-digit
 * year is read as 1970–2069.
 *
 * @returns epoch ms, or `undefined` for anything else (never throws).
 */
export function parseHttpDate(text: string): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), month(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC_850.exec(text);
  if (m) {
    const yy = Number(m[3]);
    return utc(yy < 70 ? 2000 + yy : 1900 + yy, month(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME.exec(text);
  if (m) return utc(Number(m[6]), month(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/**
 * Parses an ISO 8601 date (`2024-01-15`, UTC midnight) or date-time with an explicit offset
 * (`Z`, `+01:00`, or Salesforce's `+0000`). A date-time without an offset is refused: it would
 * silently depend on the local time zone.
 *
 * @returns epoch ms, or `undefined` (never throws).
 */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  if (h !== undefined && zone === undefined) return undefined;
  const ms = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (local === undefined || zone === undefined || zone === 'Z') return local;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(-2));
  if (hours > 23 || minutes > 59) return undefined;
  return local - (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/**
 * A `Date`, epoch ms, ISO 8601 string or HTTP date as an RFC 9110 IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`). Milliseconds are dropped: HTTP dates count whole seconds.
 *
 * @throws ValidationError for an invalid date, an unrecognised string or a year outside 0–9999.
 */
export function toHttpDate(value: Date | number | string, where: string): string {
  let ms: number | undefined;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = parseIsoDate(value) ?? parseHttpDate(value);
  if (ms === undefined || !Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) {
    throw new ValidationError(`${where}: expected a valid Date, epoch milliseconds, ISO 8601 or HTTP date`);
  }
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new ValidationError(`${where}: year ${year} cannot be written as an HTTP date`);
  return date.toUTCString();
}
