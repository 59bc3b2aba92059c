import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { waitForDataplaneDrain } from '../client/dataplane-sync.js';
import {
  addPod,
  eventually,
  get,
  type IngressTestCluster,
  ingress,
  type PodServer,
  service,
  startIngressTestCluster,
  startPodServer,
} from './ingress-test-helpers.js';

const gvrPods = { group: '', version: 'v1', resource: 'pods' };
const gvrServices = { group: '', version: 'v1', resource: 'services' };
const gvrIngresses = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' };
const ns = 'dev';

interface LivePod {
  name: string;
  uid: string;
  server: PodServer;
}

for (const fastPath of [true, false]) {
  describe(`ingress keeps serving while pods come and go (${fastPath ? 'fast path' : 'node:http only'})`, () => {
    let cluster: IngressTestCluster;
    const pods: LivePod[] = [];
    let next = 2;

    const startPod = async (): Promise<LivePod> => {
      const n = next++;
      const name = `hello-${n}`;
      const address = `127.244.235.${n}`;
      const server = await startPodServer(name, address);
      const pod = await addPod(cluster.client, ns, name, { app: 'hello' }, address);
      const live = { name, uid: pod.metadata.uid ?? '', server };
      pods.push(live);
      return live;
    };

    /** What the node agent does: graceful delete, wait for the data plane to drain, stop the process, confirm. */
    const deleteGracefully = async (pod: LivePod) => {
      const api = cluster.client.resource(gvrPods, ns);
      await api.delete(pod.name, { gracePeriodSeconds: 30 });
      const drained = await waitForDataplaneDrain(cluster.client, { uid: pod.uid, namespace: ns }, 5000);
      assert.ok(drained, `${pod.name} drained`);
      await pod.server.close();
      await api.delete(pod.name, { gracePeriodSeconds: 0 });
    };

    /** A crash: the process is gone at once, its endpoint still Ready until the pod object goes. */
    const kill = async (pod: LivePod) => {
      pod.server.kill();
      await new Promise((r) => setTimeout(r, 30));
      await cluster.client.resource(gvrPods, ns).delete(pod.name, { gracePeriodSeconds: 0 });
    };

    before(async () => {
      cluster = await startIngressTestCluster({ fastPath });
      await cluster.client.resource(gvrServices, ns).create(service(ns, 'hello-service', { app: 'hello' }));
      for (let i = 0; i < 3; i++) await startPod();
      await cluster.client.resource(gvrIngresses, ns).create(
        ingress(ns, 'hello', {
          rules: [
            {
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'hello-service', port: { name: 'http' } } },
                  },
                ],
              },
            },
          ],
        }),
      );
      await eventually('all three pods served', async () => {
        const seen = new Set<string>();
        for (let i = 0; i < 6; i++) seen.add((await get(cluster.httpPort, 'h', '/')).body.split(' ')[0] ?? '');
        return seen.size === 3;
      });
    });

    after(async () => {
      await cluster.stop();
      await Promise.all(pods.map((p) => p.server.close()));
    });

    it('zero failed GETs over keep-alive clients during 10 graceful deletions and 3 crashes', async () => {
      let stop = false;
      let ok = 0;
      const failures: string[] = [];
      const seen = new Set<string>();
      const client = async () => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        while (!stop) {
          try {
            const r = await get(cluster.httpPort, 'hello.dev', '/', { agent });
            if (r.status === 200) {
              ok++;
              seen.add(r.body.split(' ')[0] ?? '');
            } else failures.push(`${r.status} ${r.body.slice(0, 80)}`);
          } catch (err) {
            failures.push(String(err));
          }
        }
        agent.destroy();
      };
      const clients = Array.from({ length: 4 }, client);
      /** Lets at least 10 more requests through, so every step happens under traffic. */
      const traffic = async () => {
        const target = ok + 10;
        await eventually('requests flowing', async () => ok >= target || failures.length > 0);
      };
      for (let i = 0; i < 10; i++) {
        const victim = pods.shift() as LivePod;
        await startPod();
        await traffic();
        await deleteGracefully(victim);
      }
      for (let i = 0; i < 3; i++) {
        const victim = pods.shift() as LivePod;
        await startPod();
        await traffic();
        await kill(victim);
        await victim.server.close();
      }
      await traffic();
      stop = true;
      await Promise.all(clients);
      assert.deepEqual(failures, []);
      assert.ok(seen.size >= 13, `reached ${seen.size} pods`);
    });
  });
}
