import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PodIPAllocator } from './pod-ip-allocator.js';

describe('pod IP allocator', () => {
  it('hands out distinct addresses in 127.244.0.0/16, skipping .0, .1 and .255', () => {
    const a = new PodIPAllocator({ start: 1 });
    const ips = Array.from({ length: 300 }, (_, i) => a.allocate(`pod-${i}`));
    assert.equal(new Set(ips).size, 300);
    assert.equal(ips[0], '127.244.0.2');
    for (const ip of ips) {
      assert.match(ip, /^127\.244\.\d+\.\d+$/);
      assert.ok(!/\.(0|255)$/.test(ip), ip);
    }
    assert.equal(ips[253], '127.244.1.1');
  });

  it('gives an owner the same address twice', () => {
    const a = new PodIPAllocator({ start: 1 });
    assert.equal(a.allocate('x'), a.allocate('x'));
    assert.equal(a.allocated, 1);
  });

  it('keeps a released address in quarantine, then reuses it', () => {
    let now = 0;
    const a = new PodIPAllocator({ start: 1, quarantineMs: 1000, now: () => now });
    const first = a.allocate('a');
    a.release('a');
    assert.equal(a.addressOf('a'), undefined);
    // Fill the rest of the network but for the quarantined address.
    const total = 256 * 254 - 1;
    for (let i = 1; i < total; i++) a.allocate(`p${i}`);
    assert.throws(() => a.allocate('late'), /no free pod IP/);
    now = 1001;
    assert.equal(a.allocate('late'), first);
  });

  it('honours a preferred address that is free (a pod after a restart), not one in use', () => {
    const a = new PodIPAllocator({ start: 1 });
    assert.equal(a.allocate('a', '127.244.9.9'), '127.244.9.9');
    assert.notEqual(a.allocate('b', '127.244.9.9'), '127.244.9.9');
    assert.notEqual(a.allocate('c', '10.0.0.1'), '10.0.0.1');
  });
});
