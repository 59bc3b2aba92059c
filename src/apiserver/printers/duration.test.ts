import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration, parseTime, translateTimestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 3 * s, '2m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [7 * d + 23 * h + 59 * m, '7d23h'],
    [8 * d, '8d'],
    [729 * d + 23 * h, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [2919 * d, '7y364d'],
    [2920 * d, '8y'],
    [3650 * d, '10y'],
  ];
  for (const [ms, expected] of cases) {
    it(`${ms}ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));
  }
});

describe('translateTimestampSince', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  const cases: [unknown, string][] = [
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['2024-06-01T11:55:00Z', '5m'],
    ['2024-06-01T11:57:57Z', '2m3s'],
    ['2024-06-01T11:59:59.500000Z', '0s'],
    ['2024-06-01T12:00:05Z', '<invalid>'],
    ['2024-05-30T12:00:00Z', '2d'],
  ];
  for (const [timestamp, expected] of cases) {
    it(`${String(timestamp)} → ${expected}`, () => assert.equal(translateTimestampSince(timestamp, now), expected));
  }

  it('treats the Go zero time as unset', () => {
    assert.equal(parseTime('0001-01-01T00:00:00Z'), undefined);
    assert.equal(parseTime('2024-06-01T12:00:00Z'), Date.UTC(2024, 5, 1, 12));
  });
});
