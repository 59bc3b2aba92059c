import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ItemExponentialRateLimiter } from './rate-limiter.js';
import { RateLimitedQueue } from './workqueue.js';

/** `get()` if it resolves without waiting, else 'blocked' (the pending get is left to resolve later). */
async function getNow(q: RateLimitedQueue): Promise<string | undefined | 'blocked'> {
  return Promise.race([q.get(), new Promise<'blocked'>((r) => setImmediate(() => r('blocked')))]);
}

/** `add k`, `done k`, `shutDown`, `len n`, `get k` (k handed out at once), `get -` (blocks), `get undefined`. */
const scripts: { name: string; steps: string[] }[] = [
  { name: 'keys come out in FIFO order', steps: ['add a', 'add b', 'add c', 'get a', 'get b', 'get c'] },
  {
    name: 'adding a queued key collapses',
    steps: ['add a', 'add b', 'add a', 'len 2', 'get a', 'get b', 'get -'],
  },
  {
    name: 'a key added while processing waits for done, and only once',
    steps: ['add a', 'get a', 'add a', 'add a', 'len 0', 'get -', 'done a', 'len 0'],
  },
  {
    name: 'done of a key not re-added does not requeue it',
    steps: ['add a', 'get a', 'done a', 'len 0', 'get -'],
  },
  {
    name: 'a re-added key goes to the back of the queue at done',
    steps: ['add a', 'add b', 'get a', 'add a', 'done a', 'get b', 'get a'],
  },
  {
    name: 'after shutDown adds are ignored, queued keys drain, then get is undefined',
    steps: ['add a', 'shutDown', 'add b', 'len 1', 'get a', 'get undefined'],
  },
];

describe('work queue semantics', () => {
  for (const { name, steps } of scripts) {
    it(name, async () => {
      const q = new RateLimitedQueue();
      for (const [i, step] of steps.entries()) {
        const [op, arg = ''] = step.split(' ');
        if (op === 'add') q.add(arg);
        else if (op === 'done') q.done(arg);
        else if (op === 'shutDown') q.shutDown();
        else if (op === 'len') assert.equal(q.len(), Number(arg), `step ${i}: ${step}`);
        else {
          const got = await getNow(q);
          assert.equal(got === 'blocked' ? '-' : String(got), arg, `step ${i}: ${step}`);
        }
      }
      q.shutDown();
    });
  }

  it('hands a key waited for by a blocked get as soon as it is added, once', async () => {
    const q = new RateLimitedQueue();
    const first = q.get();
    const second = q.get();
    q.add('a');
    assert.equal(await first, 'a');
    q.add('b');
    assert.equal(await second, 'b');
    q.shutDown();
  });

  it('shutDown wakes every waiting get with undefined', async () => {
    const q = new RateLimitedQueue();
    const waiting = [q.get(), q.get(), q.get()];
    q.shutDown();
    assert.deepEqual(await Promise.all(waiting), [undefined, undefined, undefined]);
    assert.equal(q.shuttingDown(), true);
  });

  it('addAfter delivers later, in ready order, keeping the earlier time of a key added twice', async () => {
    const q = new RateLimitedQueue();
    const start = Date.now();
    q.addAfter('late', 80);
    q.addAfter('early', 20);
    q.addAfter('early', 500);
    q.addAfter('moved-up', 300);
    q.addAfter('moved-up', 40);
    assert.equal(q.len(), 0);
    const order = [await q.get(), await q.get(), await q.get()];
    const elapsed = Date.now() - start;
    assert.deepEqual(order, ['early', 'moved-up', 'late']);
    assert.ok(elapsed >= 75 && elapsed < 300, `took ${elapsed} ms`);
    q.shutDown();
  });

  it('addAfter of a key already queued collapses when it fires; zero delay adds at once', async () => {
    const q = new RateLimitedQueue();
    q.add('a');
    q.addAfter('a', 10);
    q.addAfter('b', 0);
    assert.equal(q.len(), 2);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(q.len(), 2);
    q.shutDown();
  });

  it('shutDown drops delayed keys', async () => {
    const q = new RateLimitedQueue();
    q.addAfter('a', 10);
    q.shutDown();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(q.len(), 0);
    assert.equal(await q.get(), undefined);
  });

  it('addRateLimited waits the exponential backoff; forget resets it', async () => {
    const q = new RateLimitedQueue({ baseDelayMs: 40 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      q.addRateLimited('k');
      const key = await q.get();
      delays.push(Date.now() - start);
      assert.equal(key, 'k');
      q.done('k');
    }
    assert.equal(q.numRequeues('k'), 3);
    assert.ok(delays[0]! >= 35 && delays[1]! >= 75 && delays[2]! >= 155, `delays ${delays.join(', ')}`);
    q.forget('k');
    assert.equal(q.numRequeues('k'), 0);
    const start = Date.now();
    q.addRateLimited('k');
    await q.get();
    assert.ok(Date.now() - start < 120, 'back to the base delay');
    q.shutDown();
  });
});

describe('item exponential rate limiter', () => {
  const table: [failuresBefore: number, expectedMs: number][] = [
    [0, 5],
    [1, 10],
    [2, 20],
    [10, 5120],
    [17, 655_360],
    [18, 1_000_000],
    [40, 1_000_000],
    [2000, 1_000_000],
  ];
  for (const [n, expected] of table) {
    it(`after ${n} failures waits ${expected} ms`, () => {
      const limiter = new ItemExponentialRateLimiter();
      for (let i = 0; i < n; i++) limiter.when('k');
      assert.equal(limiter.when('k'), expected);
      assert.equal(limiter.numRequeues('k'), n + 1);
      assert.equal(limiter.when('other'), 5, 'keys back off independently');
    });
  }
});
