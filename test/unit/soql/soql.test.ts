import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { isApiName, isFieldPath, isSoqlQuery, soql } from '../../../src/soql/index.js';

/** A reference reader for one SOQL string literal starting at `text[start]` (a quote). */
function readLiteral(text: string, start: number, like = false): { value: string; end: number } {
  expect(text[start]).toBe("'");
  const escapes: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  if (like) Object.assign(escapes, { '%': '%', _: '_' });
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") return { value, end: i };
    if (ch === '\\') {
      const next = text[i + 1];
      const decoded = next === undefined ? undefined : escapes[next];
      if (decoded === undefined) throw new Error(`invalid escape \\${next} at ${i}`);
      value += decoded;
      i++;
    } else {
      if (like && (ch === '%' || ch === '_')) throw new Error(`unescaped wildcard at ${i}`);
      value += ch;
    }
  }
  throw new Error('unterminated literal');
}

/** Any UTF-16 string, lone surrogates included, with SOQL's special characters made likely. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\\', "'", '"', '\n', '\r', '\t', '\b', '\f', '%', '_', '\0', '\u2028'),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

describe('soql tagged template', () => {
  it('escapes strings and keeps the template text', () => {
    const email = "o'brien@example.com";
    const q = soql`SELECT Id FROM Lead WHERE Email = ${email}`;
    expect(q.text).toBe("SELECT Id FROM Lead WHERE Email = 'o\\'brien@example.com'");
    expect(String(q)).toBe(q.text);
    expect(`${q}`).toBe(q.text);
    expect(JSON.stringify({ q })).toBe(JSON.stringify({ q: q.text }));
    expect(isSoqlQuery(q)).toBe(true);
    expect(isSoqlQuery(q.text)).toBe(false);
  });

  it('escapes every special character', () => {
    expect(soql`${'a\\b\'c"d\ne\rf\tg\bh\fi'}`.text).toBe("'a\\\\b\\'c\\\"d\\ne\\rf\\tg\\bh\\fi'");
    expect(soql`${'100%_done'}`.text).toBe("'100%_done'");
    expect(soql`${''}`.text).toBe("''");
  });

  it('formats dates, numbers, booleans, null and bigints', () => {
    const when = new Date(Date.UTC(2024, 0, 15, 10, 0, 0));
    expect(soql`CreatedDate > ${when}`.text).toBe('CreatedDate > 2024-01-15T10:00:00.000Z');
    expect(soql`${42} ${-3.5} ${0} ${-0}`.text).toBe('42 -3.5 0 0');
    expect(soql`${true} ${false} ${null}`.text).toBe('true false null');
    expect(soql`${12345678901234567890n}`.text).toBe('12345678901234567890');
  });

  it('prints numbers in plain decimal, never in exponent notation', () => {
    expect(soql`${1e21}`.text).toBe('1000000000000000000000');
    expect(soql`${1.5e22}`.text).toBe('15000000000000000000000');
    expect(soql`${1e-7}`.text).toBe('0.0000001');
    expect(soql`${-1.25e-9}`.text).toBe('-0.00000000125');
    expect(soql`${Number.MAX_VALUE}`.text).toMatch(/^179769313486231570{292}$/);
    expect(soql`${Number.MIN_VALUE}`.text).toBe(`0.${'0'.repeat(323)}5`);
  });

  it('plain decimals denote the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = soql`${n}`.text;
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(Object.is(n, -0) ? 0 : n);
      }),
    );
  });

  it('formats arrays as IN lists', () => {
    expect(soql`Id IN ${['a', "b'c"]}`.text).toBe("Id IN ('a','b\\'c')");
    expect(soql`Amount IN ${[1, 2.5]}`.text).toBe('Amount IN (1,2.5)');
    expect(soql`X IN ${[soql.date('2024-01-15'), null, true]}`.text).toBe('X IN (2024-01-15,null,true)');
  });

  it('composes nested fragments verbatim', () => {
    const where = soql`Email = ${'a@b.c'}`;
    const q = soql`SELECT Id FROM Lead WHERE ${where} LIMIT ${10}`;
    expect(q.text).toBe("SELECT Id FROM Lead WHERE Email = 'a@b.c' LIMIT 10");
    expect(soql`SELECT Id FROM Lead ${soql.raw('ORDER BY Name DESC')}`.text).toBe('SELECT Id FROM Lead ORDER BY Name DESC');
  });

  it('keeps the cooked template text (a real newline in the template)', () => {
    expect(soql`SELECT Id
FROM Lead`.text).toBe('SELECT Id\nFROM Lead');
  });

  it.each([
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an invalid Date', new Date('nope')],
    ['a Date past year 9999', new Date(Date.UTC(10000, 0, 1))],
    ['an empty array', []],
    ['a nested array', [['a']]],
    ['an array holding undefined', ['a', undefined]],
    ['a plain object', { a: 1 }],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a Map', new Map()],
  ])('refuses %s', (_label, value) => {
    expect(() => soql`SELECT Id FROM Lead WHERE Name = ${value as never}`).toThrow(ValidationError);
  });

  it('refuses to be called as a plain function', () => {
    const call = soql as unknown as (text: string) => unknown;
    expect(() => call('SELECT Id FROM Lead')).toThrow(ValidationError);
  });

  it('no string can break out of its literal', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const text = soql`SELECT Id FROM Lead WHERE Name = ${s} AND Id != null`.text;
        const prefix = 'SELECT Id FROM Lead WHERE Name = ';
        expect(text.startsWith(prefix)).toBe(true);
        const { value, end } = readLiteral(text, prefix.length);
        expect(value).toBe(s);
        expect(text.slice(end + 1)).toBe(' AND Id != null');
      }),
    );
  });

  it('no array element can break out of its literal', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 5 }), (items) => {
        const text = soql`${items}`.text;
        expect(text[0]).toBe('(');
        let at = 1;
        const decoded: string[] = [];
        for (let i = 0; i < items.length; i++) {
          const { value, end } = readLiteral(text, at);
          decoded.push(value);
          at = end + 1;
          expect(text[at]).toBe(i === items.length - 1 ? ')' : ',');
          at++;
        }
        expect(at).toBe(text.length);
        expect(decoded).toEqual(items);
      }),
    );
  });
});

describe('soql.like', () => {
  it('escapes % and _ and adds the requested wildcards', () => {
    expect(soql.like('50%_off').text).toBe("'50\\%\\_off'");
    expect(soql`Name LIKE ${soql.like("Bob's", 'startsWith')}`.text).toBe("Name LIKE 'Bob\\'s%'");
    expect(soql.like('x', 'endsWith').text).toBe("'%x'");
    expect(soql.like('x', 'contains').text).toBe("'%x%'");
  });

  it('refuses non-strings and unknown match modes', () => {
    expect(() => soql.like(5 as unknown as string)).toThrow(ValidationError);
    expect(() => soql.like('x', 'fuzzy' as never)).toThrow(ValidationError);
  });

  it('no string can break out of a LIKE literal or add a wildcard', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const text = soql.like(s).text;
        const { value, end } = readLiteral(text, 0, true);
        expect(value).toBe(s);
        expect(end).toBe(text.length - 1);
      }),
    );
  });
});

describe('soql.date', () => {
  it('formats the UTC date of a Date, or checks a YYYY-MM-DD string', () => {
    expect(soql.date(new Date(Date.UTC(2024, 0, 15, 23, 59))).text).toBe('2024-01-15');
    expect(soql.date('2024-02-29').text).toBe('2024-02-29');
    expect(soql`CloseDate = ${soql.date('0999-12-31')}`.text).toBe('CloseDate = 0999-12-31');
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-5', '2024-01-15T00:00:00Z', "2024-01-15' OR Name != '", ''])(
    'refuses %j',
    (value) => {
      expect(() => soql.date(value)).toThrow(ValidationError);
    },
  );

  it('refuses an invalid Date and other types', () => {
    expect(() => soql.date(new Date(Number.NaN))).toThrow(ValidationError);
    expect(() => soql.date(20240115 as unknown as string)).toThrow(ValidationError);
  });
});

describe('soql.identifier and API names', () => {
  it.each(['Account', 'Account.Owner.Name', 'Custom__c', 'ns__Obj__c', 'Obj__mdt', 'Evt__e', 'Owner__r.Name', 'Geo__Latitude__s', 'Field_1__c'])(
    'accepts %s',
    (name) => {
      expect(soql.identifier(name).text).toBe(name);
      expect(isFieldPath(name)).toBe(true);
    },
  );

  it.each(['', '1Account', '_X', 'X_', 'A___c', 'Name; DELETE', 'Name,Id', 'Account..Name', '.Name', 'Name.', 'a__b__c__d__e', 'Näme', 'x'.repeat(81)])(
    'refuses %j',
    (name) => {
      expect(() => soql.identifier(name)).toThrow(ValidationError);
    },
  );

  it('isApiName takes one name, isFieldPath a dotted path', () => {
    expect(isApiName('Account')).toBe(true);
    expect(isApiName('Account.Name')).toBe(false);
    expect(isApiName(42)).toBe(false);
    expect(isApiName('x'.repeat(80))).toBe(true);
    expect(isFieldPath('Account.Name')).toBe(true);
    expect(isFieldPath(null)).toBe(false);
  });

  it('refuses non-string raw text', () => {
    expect(() => soql.raw(1 as unknown as string)).toThrow(ValidationError);
  });
});
