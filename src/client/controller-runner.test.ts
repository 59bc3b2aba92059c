import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conflict, StatusError } from '../api/status-error.js';
import { until } from './api-test-helpers.js';
import { keyOf, runWorkers, splitKey } from './controller-runner.js';
import type { Logger } from './framework-types.js';
import { RateLimitedQueue } from './workqueue.js';

function capture(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (m, f) => lines.push(`info ${m} ${String(f?.key)}`),
      error: (m, f) => lines.push(`error ${m} ${String(f?.key)}`),
    },
  };
}

describe('keys', () => {
  const table: [namespace: string | undefined, name: string, key: string][] = [
    ['default', 'web', 'default/web'],
    [undefined, 'node-1', 'node-1'],
    ['', 'node-1', 'node-1'],
  ];
  for (const [namespace, name, key] of table) {
    it(`${namespace ?? '(none)'} + ${name} ⇄ ${key}`, () => {
      assert.equal(keyOf({ metadata: { name, ...(namespace !== undefined ? { namespace } : {}) } }), key);
      assert.deepEqual(splitKey(key), { namespace: namespace ?? '', name });
    });
  }
  it('rejects keys with more than two parts', () => assert.throws(() => splitKey('a/b/c'), /unexpected key format/));
});

describe('runWorkers', () => {
  it('forgets on success, requeues failures with backoff, quietly on 409 Conflict', async () => {
    const queue = new RateLimitedQueue({ baseDelayMs: 1 });
    const abort = new AbortController();
    const { log, lines } = capture();
    const failures = new Map([
      ['ns/fails-twice', 2],
      ['ns/conflicts', 1],
    ]);
    const reconciled: string[] = [];
    const done = runWorkers({
      name: 'test',
      queue,
      workers: 2,
      signal: abort.signal,
      log,
      reconcile: async (key) => {
        reconciled.push(key);
        const left = failures.get(key) ?? 0;
        if (left > 0) {
          failures.set(key, left - 1);
          if (key === 'ns/conflicts') throw conflict({ group: '', resource: 'configmaps' }, 'conflicts');
          throw new StatusError('InternalError', 'boom');
        }
      },
    });
    for (const k of ['ns/ok', 'ns/fails-twice', 'ns/conflicts']) queue.add(k);
    await until(() => reconciled.length === 6, 'all reconciles');
    assert.deepEqual(reconciled.filter((k) => k === 'ns/fails-twice').length, 3);
    assert.equal(queue.numRequeues('ns/fails-twice'), 0, 'forgotten after success');
    assert.deepEqual(lines.sort(), [
      'error reconcile failed, requeuing ns/fails-twice',
      'error reconcile failed, requeuing ns/fails-twice',
      'info conflict, requeuing ns/conflicts',
    ]);
    abort.abort();
    await done;
    assert.equal(queue.shuttingDown(), true);
  });

  it('never reconciles one key in two workers at once, and stops on abort', async () => {
    const queue = new RateLimitedQueue();
    const abort = new AbortController();
    const active = new Set<string>();
    let overlaps = 0;
    let calls = 0;
    const done = runWorkers({
      name: 'test',
      queue,
      workers: 4,
      signal: abort.signal,
      log: capture().log,
      reconcile: async (key) => {
        if (active.has(key)) overlaps++;
        active.add(key);
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        active.delete(key);
      },
    });
    for (let i = 0; i < 20; i++) {
      queue.add('same');
      queue.add(`k${i % 3}`);
      await new Promise((r) => setTimeout(r, 1));
    }
    await until(() => queue.len() === 0 && active.size === 0, 'the queue to drain');
    assert.equal(overlaps, 0);
    assert.ok(calls >= 4, `${calls} calls`);
    abort.abort();
    await done;
    const before = calls;
    queue.add('after-stop');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(calls, before);
  });
});
