import { describe, expect, it } from 'vitest';
import { accessToken, rest, startOrg } from './helpers.js';

async function snapshot(seed?: number | string) {
  const org = await startOrg(seed === undefined ? {} : { seed });
  try {
    const tokens = org.issueTokens();
    const created = await rest(org, accessToken(org), 'POST', '/sobjects/Lead', { LastName: 'x', Company: 'y' });
    const code = new URL((await fetch(`${org.loginUrl}/services/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: org.clientId, redirect_uri: org.redirectUri,
    })}`, { redirect: 'manual' })).headers.get('location') as string).searchParams.get('code');
    return {
      clientId: org.clientId, clientSecret: org.clientSecret, orgId: org.orgId, userId: org.userId,
      access: tokens.access_token, refresh: tokens.refresh_token, leadId: created.body.id, code,
    };
  } finally {
    await org.close();
  }
}

describe('determinism', () => {
  it('the same seed gives the same credentials, tokens, codes and IDs', async () => {
    expect(await snapshot(7)).toEqual(await snapshot(7));
    expect(await snapshot()).toEqual(await snapshot());
  });

  it('different seeds give different ones', async () => {
    const [a, b] = [await snapshot(1), await snapshot('other')];
    for (const key of Object.keys(a) as Array<keyof typeof a>) expect(a[key]).not.toBe(b[key]);
  });

  it('generates well-formed credentials and IDs', async () => {
    const s = await snapshot(3);
    expect(s.clientId).toMatch(/^3MVG9[A-Za-z0-9._]{80}$/);
    expect(s.clientSecret).toMatch(/^[0-9A-F]{64}$/);
    expect(s.orgId).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(s.access.startsWith(`${s.orgId.slice(0, 15)}!`)).toBe(true);
    expect(s.leadId.startsWith('00Q')).toBe(true);
  });

  it('explicit client credentials are used as given', async () => {
    const org = await startOrg({ clientId: 'my-app', clientSecret: 's3cret' });
    try {
      expect([org.clientId, org.clientSecret]).toEqual(['my-app', 's3cret']);
    } finally {
      await org.close();
    }
  });
});
