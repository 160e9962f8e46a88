/**
 * `forcelink demo`: the whole path once, against an embedded emulator — the web-server flow
 * without a browser, a Lead created with assignment rules off by Cyclr's own script, read back by
 * SOQL, then an expired session that the client renews by itself.
 *
 * @module
 */
import axios from 'axios';
import { OAuth2 } from '../auth/oauth2.js';
import { TokenManager } from '../auth/token-manager.js';
import { SalesforceClient } from '../client.js';
import { SalesforceEmulator } from '../emulator/index.js';
import { CyclrScript } from '../script/index.js';
import { soql } from '../soql/index.js';

/** Cyclr's documented Salesforce step script, verbatim. */
const NO_ASSIGNMENT_RULES = `function before_action() {
    // Don't apply Salesforce's assignment rules.
    method_request_headers['Sforce-Auto-Assign'] = 'FALSE';

    return true;
}`;

/** Runs the demo, writing its story through `print`. Resolves when done. */
export async function runDemo(print: (line: string) => void = console.log): Promise<void> {
  const org = await SalesforceEmulator.start({ seed: 'demo' });
  try {
    print(`Salesforce emulator listening at ${org.instanceUrl}`);
    const oauth = new OAuth2({
      clientId: org.clientId,
      clientSecret: org.clientSecret,
      redirectUri: org.redirectUri,
      loginUrl: org.loginUrl,
    });

    // 1. Web-server flow with PKCE: follow the authorize redirect instead of a browser.
    const { url, state, codeVerifier } = await oauth.authorizeUrl();
    const approval = await axios.get(url, { maxRedirects: 0, validateStatus: (s) => s === 302 });
    const callback = new URL(String(approval.headers.location));
    if (callback.searchParams.get('state') !== state) throw new Error('state mismatch on the callback');
    const token = await oauth.exchangeCode(callback.searchParams.get('code') ?? '', { codeVerifier });
    print(`Authorized via ${callback.pathname}: session for ${token.instanceUrl} (refresh token kept, signature verified)`);

    const tokens = new TokenManager({ oauth, token });
    let refreshes = 0;
    tokens.on('refreshed', () => refreshes++);
    const sf = new SalesforceClient({ tokens });

    // 2. Create a Lead with Salesforce's assignment rules turned off by a Cyclr step script.
    const owner = String((await sf.identity()).user_id);
    const script = await CyclrScript.compile(NO_ASSIGNMENT_RULES);
    const { id } = await sf.sobject('Lead').create(
      { FirstName: 'Ada', LastName: 'Lovelace', Company: 'Analytical Engines', Email: 'ada@example.com', OwnerId: owner },
      { hooks: script },
    );
    await script.dispose();
    const sent = org.requests.filter((r) => r.method === 'POST').at(-1)?.headers['sforce-auto-assign'];
    print(`Created Lead ${id}; Cyclr's before_action script sent Sforce-Auto-Assign: ${String(sent)}`);

    // 3. Read it back with an escaped SOQL query.
    const [lead] = await sf.query(soql`SELECT Id, Name, OwnerId FROM Lead WHERE Email = ${'ada@example.com'}`).toArray({ max: 10 });
    const kept = lead?.OwnerId === owner ? 'kept its owner (no assignment rule fired)' : `was reassigned to ${String(lead?.OwnerId)}`;
    print(`Queried it back: ${String(lead?.Name)} ${kept}`);

    // 4. The org expires every session; the next call refreshes once and replays.
    org.expireSessions();
    const before = org.tokenRequests.byGrantType.refresh_token ?? 0;
    const counts = await Promise.all(Array.from({ length: 20 }, () => sf.query('SELECT COUNT() FROM Lead').totalSize()));
    const tokenCalls = (org.tokenRequests.byGrantType.refresh_token ?? 0) - before;
    print(`Session expired; 20 concurrent queries got ${counts[0]} lead(s) each after ${tokenCalls} token refresh (${refreshes} 'refreshed' event)`);
    if (lead?.Id !== id || tokenCalls !== 1) throw new Error('the demo did not go as expected');
    print('Done.');
  } finally {
    await org.close();
  }
}
