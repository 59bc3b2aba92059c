import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrafficSnapshot } from './traffic.js';
import { trafficRates } from './traffic-rates.js';

const svc = (counts: Record<string, [requests: number, connections: number]>): TrafficSnapshot => ({
  services: [
    {
      namespace: 'dev',
      name: 'web',
      perEndpoint: Object.entries(counts).map(([ip, [requests, connections]]) => ({ ip, requests, connections })),
    },
  ],
  ingresses: [],
});

describe('trafficRates', () => {
  const cases: {
    name: string;
    prev: TrafficSnapshot | undefined;
    next: TrafficSnapshot;
    seconds: number;
    want: Record<string, number>;
    total: number;
  }[] = [
    {
      name: 'first sample: totals, no rate yet',
      prev: undefined,
      next: svc({ a: [5, 5] }),
      seconds: 1,
      want: { a: 0 },
      total: 5,
    },
    {
      name: 'requests per second',
      prev: svc({ a: [5, 5], b: [1, 1] }),
      next: svc({ a: [9, 9], b: [3, 3] }),
      seconds: 2,
      want: { a: 2, b: 1 },
      total: 12,
    },
    {
      name: 'connections when requests are not counted',
      prev: svc({ a: [0, 2] }),
      next: svc({ a: [0, 5] }),
      seconds: 1,
      want: { a: 3 },
      total: 5,
    },
    {
      name: 'a new endpoint counts from zero',
      prev: svc({ a: [1, 1] }),
      next: svc({ a: [1, 1], c: [4, 4] }),
      seconds: 1,
      want: { a: 0, c: 4 },
      total: 5,
    },
    {
      name: 'a counter that went down was reset',
      prev: svc({ a: [10, 10] }),
      next: svc({ a: [3, 3] }),
      seconds: 1,
      want: { a: 3 },
      total: 3,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const view = trafficRates(c.prev, c.next, c.seconds).services['dev/web'];
      assert.ok(view);
      assert.deepEqual(Object.fromEntries(Object.entries(view.endpoints).map(([ip, e]) => [ip, e.rate])), c.want);
      assert.equal(
        view.rate,
        Object.values(c.want).reduce((a, b) => a + b, 0),
      );
      assert.equal(view.total, c.total);
    });
  }

  it('adds up the ports of one endpoint', () => {
    const twoPorts = (n: number): TrafficSnapshot => ({
      services: [
        {
          namespace: 'dev',
          name: 'web',
          perEndpoint: [
            { ip: 'a', requests: n, connections: n },
            { ip: 'a', requests: 1, connections: 1 },
          ],
        },
      ],
      ingresses: [],
    });
    assert.deepEqual(trafficRates(twoPorts(2), twoPorts(6), 2).services['dev/web']?.endpoints, {
      a: { rate: 2, total: 7 },
    });
  });

  it('sums an Ingress per backend Service', () => {
    const ing = (n: number): TrafficSnapshot => ({
      services: [],
      ingresses: [
        {
          namespace: 'dev',
          name: 'web',
          perEndpoint: [
            { service: 'a', ip: '1', requests: n, connections: 1 },
            { service: 'a', ip: '2', requests: n, connections: 1 },
            { service: 'b', ip: '3', requests: 1, connections: 1 },
          ],
        },
      ],
    });
    const view = trafficRates(ing(2), ing(5), 1).ingresses['dev/web'];
    assert.deepEqual(view, { rate: 6, total: 11, services: { a: { rate: 6, total: 10 }, b: { rate: 0, total: 1 } } });
  });
});
