import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Balancer } from './balancer.js';
import type { Backend } from './service-ports.js';

const b = (n: number): Backend => ({ ip: `127.244.0.${n}`, port: 8080, key: `127.244.0.${n}:8080` });
const three = [b(1), b(2), b(3)];

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const picks = (balancer: Balancer, client: string, n: number, exclude?: Set<string>) =>
  Array.from({ length: n }, () => balancer.pick(client, exclude)?.key);

describe('Balancer', () => {
  it('rotates over the endpoints in order, whoever the client', () => {
    const balancer = new Balancer();
    balancer.update(three, undefined);
    assert.deepEqual(
      [balancer.pick('a'), balancer.pick('b'), balancer.pick('a'), balancer.pick('c')].map((x) => x?.key),
      [b(1).key, b(2).key, b(3).key, b(1).key],
    );
  });

  it('answers nothing without endpoints', () => {
    const balancer = new Balancer();
    balancer.update([], undefined);
    assert.equal(balancer.pick('a'), undefined);
  });

  it('keeps rotating from where it was when the set changes', () => {
    const balancer = new Balancer();
    balancer.update(three, undefined);
    picks(balancer, 'a', 2);
    balancer.update([b(1), b(3)], undefined);
    assert.deepEqual(picks(balancer, 'a', 3), [b(1).key, b(3).key, b(1).key]);
  });

  it('skips excluded endpoints and gives up when all are excluded', () => {
    const balancer = new Balancer();
    balancer.update(three, undefined);
    assert.deepEqual(picks(balancer, 'a', 3, new Set([b(2).key])), [b(1).key, b(3).key, b(1).key]);
    assert.equal(balancer.pick('a', new Set(three.map((x) => x.key))), undefined);
  });

  it('passes over an endpoint whose connect failed for a while, unless it is the only one left', () => {
    const c = clock();
    const balancer = new Balancer(c.now, 1000);
    balancer.update(three, undefined);
    balancer.reportFailure(b(1).key);
    assert.deepEqual(picks(balancer, 'a', 4), [b(2).key, b(3).key, b(2).key, b(3).key]);
    assert.equal(balancer.pick('a', new Set([b(2).key, b(3).key]))?.key, b(1).key);
    c.advance(1001);
    assert.deepEqual(picks(balancer, 'a', 3).sort(), [b(1).key, b(2).key, b(3).key]);
  });

  it('pins a client to its endpoint under ClientIP affinity, refreshed by each connection, until the timeout', () => {
    const c = clock();
    const balancer = new Balancer(c.now);
    balancer.update(three, 10_000);
    const first = balancer.pick('10.0.0.1')?.key;
    const other = balancer.pick('10.0.0.2')?.key;
    assert.notEqual(first, other);
    for (let i = 0; i < 5; i++) {
      c.advance(9_000);
      assert.equal(balancer.pick('10.0.0.1')?.key, first, `connection ${i} within the timeout`);
    }
    c.advance(10_001);
    assert.notEqual(balancer.pick('10.0.0.1')?.key, first, 'expired affinity picks the next endpoint');
  });

  it('moves an affine client when its endpoint leaves or is excluded after a failed connect', () => {
    const balancer = new Balancer();
    balancer.update(three, 10_000);
    const first = balancer.pick('x')?.key;
    const retried = balancer.pick('x', new Set([first ?? '']))?.key;
    assert.notEqual(retried, first);
    assert.equal(balancer.pick('x')?.key, retried, 'the retry becomes the new affinity');
    balancer.update(
      three.filter((e) => e.key !== retried),
      10_000,
    );
    const moved = balancer.pick('x')?.key;
    assert.ok(moved && moved !== retried);
  });

  it('forgets affinity when the Service drops it', () => {
    const balancer = new Balancer();
    balancer.update(three, 10_000);
    const first = balancer.pick('x')?.key;
    balancer.update(three, undefined);
    assert.notEqual(balancer.pick('x')?.key, first);
  });
});
