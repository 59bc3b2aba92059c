import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatTime } from './go-json-values.js';

describe('formatDuration (Go time.Duration.String)', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [2_000_000n, '2ms'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [-90_000_000_000n, '-1m30s'],
  ];
  for (const [ns, want] of cases) it(want, () => assert.equal(formatDuration(ns), want));
});

describe('formatTime', () => {
  it('RFC 3339 in UTC, seconds only for Time', () => assert.equal(formatTime(0, 999, false), '1970-01-01T00:00:00Z'));
  it('microseconds for MicroTime', () => {
    assert.equal(formatTime(1714979289, 1_000, true), '2024-05-06T07:08:09.000001Z');
  });
});
