import { describe, expect, it } from 'vitest';
import { prepareQuery } from '../../../../src/emulator/soql-engine.js';
import { MemorySource, NOW } from './fixture.js';

describe('100,000 records', () => {
  const source = new MemorySource();
  const owner = source.insert('User', { Name: 'Owner' });
  const N = 100_000;
  for (let i = 0; i < N; i++) {
    source.insert('Lead', {
      LastName: `Lead ${String((i * 7919) % N).padStart(6, '0')}`,
      Company: i % 3 === 0 ? 'Acme' : 'Other',
      AnnualRevenue: i % 10 === 0 ? null : (i * 37) % 1000,
      Status: i % 2 === 0 ? 'Open' : 'Working',
      OwnerId: owner.Id,
      IsDeleted: i % 1000 === 999,
    });
  }

  it('filters, sorts on two keys and pages through every row exactly once', () => {
    const q = prepareQuery(
      "SELECT Id, LastName, AnnualRevenue, Owner.Name FROM Lead WHERE Status = 'Open' AND Company LIKE 'ac%' ORDER BY AnnualRevenue DESC NULLS LAST, LastName",
      source,
      { includeDeleted: false, now: NOW },
    );
    const expected = [...source.records('Lead')].filter((r, i) => !r.IsDeleted && i % 2 === 0 && i % 3 === 0);
    expect(q.totalSize).toBe(expected.length);
    const seen = new Set<string>();
    let previous: { rev: number | null; name: string } | undefined;
    for (let offset = 0; offset < q.totalSize; offset += 2000) {
      const page = q.page(offset, 2000);
      expect(page.length).toBe(Math.min(2000, q.totalSize - offset));
      for (const record of page) {
        seen.add(record.Id as string);
        const current = { rev: record.AnnualRevenue as number | null, name: record.LastName as string };
        if (previous !== undefined) {
          if (previous.rev === null) expect(current.rev).toBeNull();
          else if (current.rev !== null && current.rev === previous.rev) expect(current.name > previous.name).toBe(true);
          else if (current.rev !== null) expect(current.rev).toBeLessThan(previous.rev);
        }
        previous = current;
      }
      expect(page[0]?.Owner).toEqual({ attributes: expect.anything(), Name: 'Owner' });
    }
    expect(seen.size).toBe(expected.length);
  });

  it('counts, aggregates and shows deleted rows to queryAll', () => {
    expect(prepareQuery('SELECT COUNT() FROM Lead', source, { includeDeleted: false, now: NOW }).totalSize).toBe(N - N / 1000);
    expect(prepareQuery('SELECT COUNT() FROM Lead', source, { includeDeleted: true, now: NOW }).totalSize).toBe(N);
    const byStatus = prepareQuery('SELECT Status, COUNT(Id) FROM Lead GROUP BY Status ORDER BY Status', source, { includeDeleted: true, now: NOW });
    expect(byStatus.page(0, 10)).toEqual([
      { attributes: { type: 'AggregateResult' }, Status: 'Open', expr0: N / 2 },
      { attributes: { type: 'AggregateResult' }, Status: 'Working', expr0: N / 2 },
    ]);
  });

  it('stops early for LIMIT without ORDER BY', () => {
    const q = prepareQuery('SELECT Id FROM Lead LIMIT 5 OFFSET 10', source, { includeDeleted: false, now: NOW });
    expect(q.totalSize).toBe(5);
    expect(q.page(0, 2000)).toHaveLength(5);
  });
});
