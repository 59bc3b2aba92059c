import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { choosePort, isPortFree } from './port.js';

describe('choosePort', () => {
  it('keeps an asked-for port, prefers the last one, and falls back to any free port when taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as AddressInfo).port;
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const free = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    try {
      assert.equal(await isPortFree('127.0.0.1', taken), false);
      assert.equal(await isPortFree('127.0.0.1', free), true);
      const cases: [string, number | undefined, number | undefined, object][] = [
        ['asked for a taken port', taken, undefined, { port: taken, explicit: true }],
        ['asked for any port', 0, taken, { port: 0, explicit: true }],
        ['last port free', undefined, free, { port: free, explicit: false }],
        ['last port taken', undefined, taken, { port: 0, explicit: false, taken }],
      ];
      for (const [label, requested, previous, want] of cases) {
        assert.deepEqual(await choosePort('127.0.0.1', requested, previous), want, label);
      }
    } finally {
      blocker.close();
    }
  });
});
