import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, RestartBackoff } from './restart-backoff.js';

describe('restart backoff', () => {
  it('restarts at once after the first exit, then waits 10 s, 20 s, 40 s ... up to 300 s', () => {
    let now = 0;
    const b = new RestartBackoff({ now: () => now });
    // First exit: no backoff yet, restart at once.
    assert.equal(b.inBackoffSince('c', now), false);
    b.next('c', now);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      now += 1000; // the container runs 1 s and exits
      const exit = now;
      assert.equal(b.inBackoffSince('c', exit), true);
      waits.push(b.readyAt('c', exit) - exit);
      now = b.readyAt('c', exit);
      assert.equal(b.inBackoffSince('c', exit), false);
      b.next('c', exit);
    }
    assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('starts over when the container ran longer than twice the maximum', () => {
    let now = 0;
    const b = new RestartBackoff({ now: () => now });
    b.next('c', 0);
    now = 1000;
    b.next('c', 1000);
    assert.equal(b.get('c'), 20_000);
    now = 1000 + 600_001;
    assert.equal(b.inBackoffSince('c', now), false);
    b.next('c', now);
    assert.equal(b.get('c'), 10_000);
  });

  it('uses the shortened development backoff', () => {
    let now = 0;
    const b = new RestartBackoff({ initialMs: 100, maxMs: 400, now: () => now });
    b.next('c', 0);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      now += 10;
      seen.push(b.readyAt('c', now) - now);
      now = b.readyAt('c', now);
      b.next('c', now);
    }
    assert.deepEqual(seen, [100, 200, 400, 400, 400]);
    b.deletePrefix('c');
    assert.equal(b.get('c'), 0);
  });

  it('formats durations as Go does', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [250, '250ms'],
      [1500, '1.5s'],
      [10_000, '10s'],
      [80_000, '1m20s'],
      [160_000, '2m40s'],
      [300_000, '5m0s'],
      [3_600_000, '1h0m0s'],
      [12.5, '12.5ms'],
      [0.5, '500µs'],
    ];
    for (const [ms, want] of cases) assert.equal(formatGoDuration(ms), want, String(ms));
  });
});
