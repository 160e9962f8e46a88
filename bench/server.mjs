/**
 * The emulator in its own process (so client and server each get a core), driven over IPC by
 * bench/run.mjs. Besides the emulator it keeps its own counters from Node's diagnostics channels
 * (TCP connections accepted, open-socket peak, requests by kind and status), so every library is
 * measured the same way without touching the emulator.
 *
 * Commands (`{ id, cmd, args }` → `{ id, ok, value | error }`): start, mint, expire, seed, reset,
 * stats, close.
 */
import dc from 'node:diagnostics_channel';
import { distUrl } from './lib/dist.mjs';
import { seedRecords } from './lib/seed.mjs';

const { SalesforceEmulator } = await import(distUrl('emulator.js'));

let org;
let open = 0;
let counters = freshCounters();

function freshCounters() {
  return { connections: 0, peakOpen: open, requests: 0, tokenRequests: 0, apiRequests: 0, unauthorized: 0, errors: 0 };
}

dc.subscribe('net.server.socket', ({ socket }) => {
  counters.connections++;
  open++;
  if (open > counters.peakOpen) counters.peakOpen = open;
  socket.once('close', () => open--);
});

dc.subscribe('http.server.response.finish', ({ request, response }) => {
  counters.requests++;
  if (request.url.startsWith('/services/oauth2/token')) counters.tokenRequests++;
  else if (request.url.startsWith('/services/')) counters.apiRequests++;
  if (response.statusCode === 401) counters.unauthorized++;
  else if (response.statusCode >= 400) counters.errors++;
});

const commands = {
  async start(options) {
    // Far above any run's request count: the bench measures clients, not the org's daily limit.
    org = await SalesforceEmulator.start({ apiLimit: 1_000_000_000, requestLogLimit: 100, ...options });
    return { loginUrl: org.loginUrl, instanceUrl: org.instanceUrl, clientId: org.clientId, clientSecret: org.clientSecret, redirectUri: org.redirectUri };
  },
  // A fresh access and refresh token for the default user, as the token endpoint answers them.
  mint: () => org.issueTokens(),
  expire: () => org.expireSessions(),
  seed: (args) => seedRecords(org, args),
  reset() {
    counters = freshCounters();
  },
  stats: () => ({ ...counters, open }),
  async close() {
    await org?.close();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    const value = await commands[cmd](args);
    process.send({ id, ok: true, value });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
