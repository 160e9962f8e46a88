/**
 * Counts the TCP connections a client process opens, whatever library opens them: every
 * `net.connect` (node:http, axios, node-fetch, undici) publishes on the `net.client.socket`
 * diagnostics channel.
 */
import dc from 'node:diagnostics_channel';

/** Starts counting; `snapshot()` gives `{ opened, open, peak }` so far. */
export function socketMeter() {
  const state = { opened: 0, open: 0, peak: 0 };
  dc.subscribe('net.client.socket', ({ socket }) => {
    state.opened++;
    state.open++;
    if (state.open > state.peak) state.peak = state.open;
    socket.once('close', () => state.open--);
  });
  return { snapshot: () => ({ ...state }) };
}
