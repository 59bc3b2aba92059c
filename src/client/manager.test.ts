import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { configMap, configMaps, events, testApi } from './api-test-helpers.js';
import { keyOf, runWorkers, splitKey } from './controller-runner.js';
import type { ControllerContext } from './framework-types.js';
import { createLogger } from './logger.js';
import { startControllers } from './manager.js';
import { RateLimitedQueue } from './workqueue.js';

/** A tiny level-triggered controller: marks every ConfigMap `seen` and records an Event about it. */
function seenController(ctx: ControllerContext): void {
  const informer = ctx.informers.informer(configMaps);
  const queue = new RateLimitedQueue();
  const recorder = ctx.recorder('seen-controller');
  informer.addHandlers({ add: (o) => queue.add(keyOf(o)), update: (_o, n) => queue.add(keyOf(n)) });
  void runWorkers({
    name: 'seen',
    queue,
    workers: 1,
    signal: ctx.signal,
    log: ctx.log,
    reconcile: async (key) => {
      const cm = informer.get(key);
      if (!cm || cm.metadata.annotations?.seen === 'true') return;
      const { namespace, name } = splitKey(key);
      const updated = await ctx.client
        .resource(configMaps, namespace)
        .patch(name, 'merge', { metadata: { annotations: { seen: 'true' } } });
      recorder.event(updated, 'Normal', 'Seen', `seen by ${ctx.nodeName}`);
    },
  });
}

describe('startControllers', () => {
  it('runs controllers with shared informers, recorders and contextual logs; stop() stops them', async () => {
    const { client } = await testApi();
    const cms = client.resource(configMaps, 'default');
    await cms.create(configMap('before'));
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const contexts: ControllerContext[] = [];
    const running = await startControllers(
      { client: client.withFieldManager('kube-controller-manager'), nodeName: 'n1', log },
      [
        seenController,
        {
          name: 'failing',
          start: (ctx) => {
            contexts.push(ctx);
            throw new Error('cannot start');
          },
        },
      ],
    );
    after(() => running.stop());
    await running.informers.waitForSync();
    await cms.create(configMap('after'));
    let done: KubeObject[] = [];
    for (let i = 0; i < 300 && done.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
      done = (await cms.list()).items.filter((o) => o.metadata.annotations?.seen);
    }
    assert.equal(done.length, 2);
    assert.ok(done[0]?.metadata.managedFields?.some((m) => m.manager === 'kube-controller-manager'));
    await running.stop();
    const evs = (await client.resource(events, 'default').list()).items;
    assert.deepEqual(
      evs.map((e) => [e.reason, e.message, (e.source as { component: string }).component]),
      [
        ['Seen', 'seen by n1', 'seen-controller'],
        ['Seen', 'seen by n1', 'seen-controller'],
      ],
    );
    assert.equal(contexts[0]?.signal.aborted, true);
    assert.ok(
      lines.some((l) => /ERROR controller failed to start controller=failing err="cannot start"/.test(l)),
      lines.join('\n'),
    );

    await cms.create(configMap('after-stop'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await cms.get('after-stop')).metadata.annotations, undefined);
  });
});
