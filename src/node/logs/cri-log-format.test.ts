import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeCriRecord,
  formatRfc3339Nano,
  formatRfc3339NanoFixed,
  nowNs,
  parseCriRecord,
  parseRfc3339,
} from './cri-log-format.js';

const base = BigInt(Date.parse('2026-11-26T09:00:00Z')) * 1_000_000n;

test('timestamps: RFC3339Nano trims trailing zeros, RFC3339NanoFixed keeps nine digits', () => {
  const cases: [bigint, string, string][] = [
    [base + 123_456_789n, '2026-11-26T09:00:00.123456789Z', '2026-11-26T09:00:00.123456789Z'],
    [base + 120_000_000n, '2026-11-26T09:00:00.12Z', '2026-11-26T09:00:00.120000000Z'],
    [base + 1n, '2026-11-26T09:00:00.000000001Z', '2026-11-26T09:00:00.000000001Z'],
    [base, '2026-11-26T09:00:00Z', '2026-11-26T09:00:00.000000000Z'],
  ];
  for (const [ns, nano, fixed] of cases) {
    assert.equal(formatRfc3339Nano(ns), nano);
    assert.equal(formatRfc3339NanoFixed(ns), fixed);
    assert.equal(parseRfc3339(nano), ns);
    assert.equal(parseRfc3339(fixed), ns);
  }
  assert.equal(parseRfc3339('2026-11-26T10:00:00+01:00'), base);
  for (const bad of ['', '2026-11-26', '2026-11-26T09:00:00', '2026-11-26T09:00:00.1234567890Z', 'yesterday']) {
    assert.equal(parseRfc3339(bad), undefined, bad);
  }
  const now = nowNs();
  assert.ok(now - BigInt(Date.now()) * 1_000_000n < 50_000_000n, 'the clock is the wall clock');
});

test('CRI records round-trip; malformed lines are rejected', () => {
  const line = encodeCriRecord(base + 5n, 'stderr', true, Buffer.from('a b  c'));
  assert.equal(line.toString(), '2026-11-26T09:00:00.000000005Z stderr P a b  c\n');
  const r = parseCriRecord(line);
  assert.deepEqual(r && { ...r, content: r.content.toString() }, {
    timeNs: base + 5n,
    stream: 'stderr',
    partial: true,
    content: 'a b  c',
  });
  const empty = parseCriRecord(Buffer.from('2026-11-26T09:00:00Z stdout F \n'));
  assert.equal(empty?.content.length, 0);
  assert.equal(parseCriRecord(Buffer.from('2026-11-26T09:00:00Z stdout F:x y'))?.content.toString(), 'y');
  for (const bad of ['hello', '2026-11-26T09:00:00Z stdin F x', 'nope stdout F x', '2026-11-26T09:00:00Z stdout']) {
    assert.equal(parseCriRecord(Buffer.from(bad)), undefined, bad);
  }
});
