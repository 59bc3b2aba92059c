import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Expectations, expectationsTimeoutMs } from './expectations.js';

function clock() {
  let t = Date.parse('2024-01-01T00:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

test('no expectations means satisfied', () => {
  const e = new Expectations(clock().now);
  assert.equal(e.satisfied('ns/rs'), true);
});

test('creations are awaited until each is observed', () => {
  const e = new Expectations(clock().now);
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('deletions count only for the pods awaited, once each', () => {
  const e = new Expectations(clock().now);
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/other');
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  assert.deepEqual(e.pending('ns/rs'), { add: 0, del: 1 });
  assert.equal(e.satisfied('ns/rs'), false);
  e.deletionObserved('ns/rs', 'ns/b');
  assert.equal(e.satisfied('ns/rs'), true);
});

test('expectations expire after five minutes', () => {
  const c = clock();
  const e = new Expectations(c.now);
  e.expectCreations('ns/rs', 1);
  c.advance(expectationsTimeoutMs);
  assert.equal(e.satisfied('ns/rs'), false);
  c.advance(1);
  assert.equal(e.satisfied('ns/rs'), true);
});

test('observations for unknown keys and deleted expectations are ignored', () => {
  const e = new Expectations(clock().now);
  e.creationObserved('ns/none');
  assert.equal(e.pending('ns/none'), undefined);
  e.expectCreations('ns/rs', 3);
  e.delete('ns/rs');
  assert.equal(e.satisfied('ns/rs'), true);
});
