import { describe, expect, it } from 'vitest';
import { AbortError, BulkJobError, InvalidResponseError, ValidationError } from '../../../src/core/errors.js';
import type { JobInfoBase, JobState } from '../../../src/rest/bulk2/job-info.js';
import { pollDelay, pollUntilFinal, resolvePolling } from '../../../src/rest/bulk2/poll.js';
import { csvObjects, failedRecord, parseBulkError, queryRecord, successfulRecord } from '../../../src/rest/bulk2/results.js';

const job = (id: string, state: JobState): JobInfoBase => ({
  id, state, object: 'Lead', createdById: '005', createdDate: '', systemModstamp: '', concurrencyMode: 'Parallel',
  contentType: 'CSV', apiVersion: 62, lineEnding: 'LF', columnDelimiter: 'COMMA',
});

describe('polling', () => {
  it('grows the wait ×1.5 up to the cap; checks options', () => {
    const polling = resolvePolling({ pollIntervalMs: 100, maxPollIntervalMs: 400 });
    expect([0, 1, 2, 3, 4, 9].map((n) => pollDelay(n, polling))).toEqual([100, 150, 225, 337.5, 400, 400]);
    expect(resolvePolling({})).toEqual({ initialMs: 1000, maxMs: 10_000, timeoutMs: Number.POSITIVE_INFINITY });
    expect(resolvePolling({ pollIntervalMs: 5000, maxPollIntervalMs: 10 }).maxMs).toBe(5000);
    expect(() => resolvePolling({ pollIntervalMs: 0 })).toThrow(ValidationError);
    expect(() => resolvePolling({ pollTimeoutMs: -1 })).toThrow(ValidationError);
  });

  it('polls every unfinished job until all are final, reporting each description', async () => {
    const states: Record<string, JobState[]> = { a: ['InProgress', 'JobComplete'], b: ['Failed'] };
    const seen: string[] = [];
    const finals = await pollUntilFinal([job('a', 'UploadComplete'), job('b', 'UploadComplete'), job('c', 'JobComplete')],
      async (id) => job(id, states[id]?.shift() ?? 'JobComplete'), resolvePolling({ pollIntervalMs: 1 }), undefined, (info) => seen.push(`${info.id}:${info.state}`));
    expect(finals.map((f) => f.state)).toEqual(['JobComplete', 'Failed', 'JobComplete']);
    expect(seen).toEqual(['a:InProgress', 'b:Failed', 'a:JobComplete']);
  });

  it('gives up after pollTimeoutMs with a BulkJobError naming the job and its state', async () => {
    const error = await pollUntilFinal([job('750x', 'UploadComplete')], async (id) => job(id, 'InProgress'),
      resolvePolling({ pollIntervalMs: 1, pollTimeoutMs: 10 }), undefined, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkJobError);
    expect(error).toMatchObject({ code: 'ERR_BULK_JOB', reason: 'timeout', jobId: '750x', state: 'InProgress' });
  });

  it('stops waiting when the signal fires', async () => {
    const controller = new AbortController();
    const waiting = pollUntilFinal([job('750y', 'InProgress')], async (id) => job(id, 'InProgress'),
      resolvePolling({ pollIntervalMs: 60_000 }), controller.signal, () => undefined);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });
});

describe('result files', () => {
  it('reads sf__Error text into status code, message and fields', () => {
    expect(parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --')).toEqual({
      statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'],
      text: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --',
    });
    expect(parseBulkError('INVALID_EMAIL_ADDRESS:Email: invalid email address: x:Email --')).toMatchObject({
      statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: x', fields: ['Email'],
    });
    expect(parseBulkError('FIELD_CUSTOM_VALIDATION_EXCEPTION:Amount must be positive:--')).toMatchObject({
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Amount must be positive', fields: [],
    });
    expect(parseBulkError('REQUIRED_FIELD_MISSING:Missing: [A, B]:A,B --').fields).toEqual(['A', 'B']);
    expect(parseBulkError('UNABLE_TO_LOCK_ROW')).toMatchObject({ statusCode: '', message: 'UNABLE_TO_LOCK_ROW', fields: [] });
    expect(parseBulkError('LIMIT_EXCEEDED: too many')).toMatchObject({ statusCode: 'LIMIT_EXCEEDED', message: 'too many' });
  });

  it('maps result rows to records, splitting off the sf__ columns', () => {
    const [ok] = [...csvObjects('"sf__Id","sf__Created","Name"\n"001A","true","Acme"\n', ',')];
    expect(successfulRecord('750a', ok as Record<string, string>)).toEqual({ jobId: '750a', id: '001A', created: true, record: { Name: 'Acme' } });
    const [bad] = [...csvObjects('"sf__Id"|"sf__Error"|"Name"\n""|"X:y:--"|""\n', '|')];
    expect(failedRecord('750a', bad as Record<string, string>)).toMatchObject({ id: undefined, error: { statusCode: 'X', message: 'y' }, record: { Name: '' } });
    expect(queryRecord({ Id: '001', Name: '', 'Account.Name': 'Parent' })).toEqual({ Id: '001', Name: null, 'Account.Name': 'Parent' });
    expect([...csvObjects('', ',')]).toEqual([]);
  });

  it('malformed result files are InvalidResponseError', () => {
    expect(() => [...csvObjects('"a","b"\n"1"\n', ',')]).toThrow(InvalidResponseError);
    expect(() => [...csvObjects('"a\n', ',')]).toThrow(InvalidResponseError);
  });
});
