import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../../src/emulator/index.js';
import { accessToken, rest, startOrg } from './helpers.js';

describe('assignment rules and Sforce-Auto-Assign', () => {
  let org: SalesforceEmulator;
  let token: string;
  beforeAll(async () => {
    org = await startOrg();
    token = accessToken(org);
  });
  afterAll(() => org.close());

  const ownerOf = async (type: string, id: string) => (await rest(org, token, 'GET', `/sobjects/${type}/${id}?fields=OwnerId`)).body.OwnerId;
  const lead = { LastName: 'Lovelace', Company: 'AE' };

  it('assigns new Leads and Cases to the queue by default', async () => {
    const l = await rest(org, token, 'POST', '/sobjects/Lead', lead);
    expect(await ownerOf('Lead', l.body.id)).toBe(org.assignmentQueueId);
    const c = await rest(org, token, 'POST', '/sobjects/Case', { Subject: 'Help' }, { 'Sforce-Auto-Assign': 'TRUE' });
    expect(await ownerOf('Case', c.body.id)).toBe(org.assignmentQueueId);
    const queue = await rest(org, token, 'GET', `/query?q=${encodeURIComponent(`SELECT Name, Type FROM Group WHERE Id = '${org.assignmentQueueId}'`)}`);
    expect(queue.body.records[0]).toMatchObject({ Name: 'Lead Queue', Type: 'Queue' });
  });

  it('FALSE (any case) keeps the owner given, or the running user', async () => {
    const mine = await rest(org, token, 'POST', '/sobjects/Lead', lead, { 'Sforce-Auto-Assign': 'false' });
    expect(await ownerOf('Lead', mine.body.id)).toBe(org.userId);
    const given = await rest(org, token, 'POST', '/sobjects/Lead', { ...lead, OwnerId: org.priorityQueueId }, { 'Sforce-Auto-Assign': 'False' });
    expect(await ownerOf('Lead', given.body.id)).toBe(org.priorityQueueId);
  });

  it('an assignment rule ID applies that rule (15 or 18 characters)', async () => {
    for (const ruleId of [org.assignmentRuleId, org.assignmentRuleId.slice(0, 15)]) {
      const l = await rest(org, token, 'POST', '/sobjects/Lead', lead, { 'Sforce-Auto-Assign': ruleId });
      expect(await ownerOf('Lead', l.body.id)).toBe(org.priorityQueueId);
    }
    const rule = await rest(org, token, 'GET', `/query?q=${encodeURIComponent('SELECT Id, Name, SobjectType, Active FROM AssignmentRule WHERE Active = false')}`);
    expect(rule.body.records).toEqual([expect.objectContaining({ Id: org.assignmentRuleId, SobjectType: 'Lead', Active: false })]);
  });

  it('updates run assignment too, unless told not to', async () => {
    const l = await rest(org, token, 'POST', '/sobjects/Lead', lead, { 'Sforce-Auto-Assign': 'FALSE' });
    await rest(org, token, 'PATCH', `/sobjects/Lead/${l.body.id}`, { Title: 'CTO' }, { 'Sforce-Auto-Assign': 'FALSE' });
    expect(await ownerOf('Lead', l.body.id)).toBe(org.userId);
    await rest(org, token, 'PATCH', `/sobjects/Lead/${l.body.id}`, { Title: 'CEO' });
    expect(await ownerOf('Lead', l.body.id)).toBe(org.assignmentQueueId);
  });

  it('objects without rules keep their owner', async () => {
    const a = await rest(org, token, 'POST', '/sobjects/Account', { Name: 'A' });
    expect(await ownerOf('Account', a.body.id)).toBe(org.userId);
  });

  it('assignmentQueueId chooses the default rules\' owner', async () => {
    const probe = await startOrg();
    const custom = await startOrg({ assignmentQueueId: probe.priorityQueueId });
    try {
      expect(custom.assignmentQueueId).toBe(probe.priorityQueueId);
      const t = accessToken(custom);
      const l = await rest(custom, t, 'POST', '/sobjects/Lead', lead);
      expect(custom.records('Lead').find((r) => r.Id === l.body.id)?.OwnerId).toBe(custom.priorityQueueId);
      await expect(startOrg({ assignmentQueueId: '001000000000000AAA' })).rejects.toThrow(/assignmentQueueId/);
    } finally {
      await Promise.all([probe.close(), custom.close()]);
    }
  });
});
