import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeHash, fnv32a, safeAlphabet, safeEncodeString } from './pod-template-hash.js';
import { template } from './test-fixtures.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test('fnv32a matches the FNV-1a reference vectors', () => {
  const cases: [string, number][] = [
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ];
  for (const [input, want] of cases) assert.equal(fnv32a(bytes(input)), want, input);
});

test('fnv32a continues from a previous hash like successive Writes', () => {
  assert.equal(fnv32a(bytes('bar'), fnv32a(bytes('foo'))), fnv32a(bytes('foobar')));
});

test('safeEncodeString maps each character to alphanums[c % 27]', () => {
  assert.equal(safeAlphabet.length, 27);
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  assert.equal(safeEncodeString(''), '');
});

test('computeHash is deterministic, ignores key order and empty values, and uses the safe digits only', () => {
  const a = computeHash(template('nginx:1'));
  assert.match(a, /^[456789bcdf]{1,10}$/);
  assert.equal(computeHash(template('nginx:1')), a);
  const reordered = { spec: { containers: [{ image: 'nginx:1', name: 'c' }] }, metadata: { labels: { app: 'hello' } } };
  assert.equal(computeHash(reordered), a);
  const withEmpties = { ...template('nginx:1'), metadata: { labels: { app: 'hello' }, annotations: {} } };
  assert.equal(computeHash(withEmpties), a);
  assert.notEqual(computeHash(template('nginx:2')), a);
});

test('computeHash folds in the collision count (8 bytes, little-endian uint32)', () => {
  const t = template();
  const base = computeHash(t);
  const one = computeHash(t, 1);
  assert.notEqual(one, base);
  assert.notEqual(computeHash(t, 0), base, 'a count of 0 is still written');
  assert.notEqual(computeHash(t, 2), one);
  const raw = fnv32a(
    bytes(
      JSON.stringify({
        metadata: { labels: { app: 'hello' } },
        spec: { containers: [{ image: 'nginx:1', name: 'c' }] },
      }),
    ),
  );
  const withCount = fnv32a(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]), raw);
  assert.equal(one, safeEncodeString(String(withCount)));
});
