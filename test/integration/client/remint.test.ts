import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenManager } from '../../../src/auth/token-manager.js';
import { SalesforceClient } from '../../../src/client.js';
import { InvalidGrantError, ReauthorizationRequiredError } from '../../../src/core/errors.js';
import { oauthFor, startOrg, tokenCalls, type Org } from '../helpers.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let org: Org;
let username: string;
beforeAll(async () => {
  org = await startOrg({ jwtPublicKey: publicKey });
  const probe = await oauthFor(org).clientCredentials();
  username = String((await oauthFor(org).identity(probe)).username);
});
afterAll(() => org.close());

describe('re-minting without a person', () => {
  it('JWT bearer: signs an RS256 assertion and re-mints after the session expires', async () => {
    const oauth = oauthFor(org);
    const tokens = new TokenManager({ oauth, reauthorize: { jwt: { username, privateKey } } });
    const sf = new SalesforceClient({ tokens });
    await sf.limits();
    expect(tokenCalls(org, 'urn:ietf:params:oauth:grant-type:jwt-bearer')).toBe(1);
    org.expireSessions();
    await Promise.all(Array.from({ length: 30 }, () => sf.limits()));
    expect(tokenCalls(org, 'urn:ietf:params:oauth:grant-type:jwt-bearer')).toBe(2);
    expect((await tokens.getToken()).refreshToken).toBeUndefined();
  });

  it('JWT bearer: a wrong audience or key is refused with invalid_grant', async () => {
    const oauth = oauthFor(org);
    await expect(oauth.jwtBearer({ username, privateKey, audience: 'https://evil.example.com' })).rejects.toBeInstanceOf(InvalidGrantError);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expect(oauth.jwtBearer({ username, privateKey: other.privateKey })).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('client credentials: re-mints after expiry', async () => {
    const tokens = new TokenManager({ oauth: oauthFor(org), reauthorize: 'client_credentials' });
    const sf = new SalesforceClient({ tokens });
    const before = tokenCalls(org, 'client_credentials');
    await sf.limits();
    org.expireSessions();
    await Promise.all(Array.from({ length: 30 }, () => sf.limits()));
    expect(tokenCalls(org, 'client_credentials') - before).toBe(2);
  });

  it('without a token or a re-mint grant, says a person must authorize', async () => {
    const tokens = new TokenManager({ oauth: oauthFor(org) });
    let events = 0;
    tokens.on('reauthorizationRequired', () => events++);
    await expect(new SalesforceClient({ tokens }).limits()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(events).toBe(1);
  });
});
