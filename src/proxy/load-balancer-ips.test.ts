import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateLoadBalancerIP, inLoadBalancerRange } from './load-balancer-ips.js';

describe('LoadBalancer addresses', () => {
  const cases: [string, boolean][] = [
    ['127.240.0.1', true],
    ['127.240.255.254', true],
    ['127.240.0.0', false],
    ['127.240.255.255', false],
    ['127.241.0.1', false],
    ['10.0.0.1', false],
    ['not-an-ip', false],
  ];
  for (const [ip, want] of cases)
    it(`${ip} is ${want ? '' : 'not '}in range`, () => assert.equal(inLoadBalancerRange(ip), want));

  it('allocates a free address in range', () => {
    const used = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const a = allocateLoadBalancerIP(used);
      assert.ok('ip' in a && inLoadBalancerRange(a.ip) && !used.has(a.ip));
      used.add(a.ip);
    }
  });

  it('honours a requested address when free and in range', () => {
    assert.deepEqual(allocateLoadBalancerIP(new Set(), '127.240.1.1'), { ip: '127.240.1.1' });
    const taken = allocateLoadBalancerIP(new Set(['127.240.1.1']), '127.240.1.1');
    assert.match('error' in taken ? taken.error : '', /already assigned/);
    const outside = allocateLoadBalancerIP(new Set(), '10.1.1.1');
    assert.match('error' in outside ? outside.error : '', /not in the load balancer range 127\.240\.0\.0\/16/);
  });
});
