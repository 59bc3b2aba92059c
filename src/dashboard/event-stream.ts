/**
 * One browser's live feed (server-sent events) for one namespace: a `snapshot` of every object it draws, then
 * `changes` batched every 100 ms (several changes of one object in a batch collapse to the last), `traffic`
 * once a second, and a comment every 15 s so proxies and browsers keep the connection.
 */
import type { ServerResponse } from 'node:http';
import type { Change, ClusterMirror } from './cluster-mirror.js';
import type { TrafficView } from './traffic.js';
import type { TrafficMeter } from './traffic-meter.js';

const batchMs = 100;
const heartbeatMs = 15_000;

function inNamespace(change: Change, namespace: string): boolean {
  return change.resource === 'namespaces' || change.object.metadata.namespace === namespace;
}

/** Only the namespace's Services and Ingresses. */
function trafficFor(view: TrafficView, namespace: string): TrafficView {
  const mine = <T>(r: Record<string, T>) =>
    Object.fromEntries(Object.entries(r).filter(([key]) => key.startsWith(`${namespace}/`)));
  return { ...view, services: mine(view.services), ingresses: mine(view.ingresses) };
}

/**
 * Streams to `res` until the browser goes away or `close()` is called; returns `close`. An empty `namespace`
 * means the mirror's suggestion (the snapshot says which namespace it is).
 */
export async function openEventStream(
  res: ServerResponse,
  mirror: ClusterMirror,
  meter: TrafficMeter,
  namespace: string,
): Promise<() => void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let closed = false;
  const cleanups: (() => void)[] = [];
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of cleanups.splice(0)) c();
    res.end();
  };
  res.on('close', close);
  await mirror.waitForSync().catch(() => undefined);
  if (closed) return close;
  const ns = namespace || mirror.suggestedNamespace();

  const pending = new Map<string, Change>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.size === 0 || closed) return;
    send('changes', [...pending.values()]);
    pending.clear();
  };
  // Subscribing and snapshotting in one turn: every change after the snapshot arrives, none before it twice.
  cleanups.push(
    mirror.subscribe((change) => {
      if (!inNamespace(change, ns)) return;
      const key = `${change.resource}/${change.object.metadata.namespace ?? ''}/${change.object.metadata.name ?? ''}`;
      pending.delete(key);
      pending.set(key, change);
      timer ??= setTimeout(flush, batchMs);
    }),
  );
  send('snapshot', { namespace: ns, ...mirror.snapshot(ns) });
  send('traffic', trafficFor(meter.current(), ns));
  cleanups.push(meter.subscribe((view) => send('traffic', trafficFor(view, ns))));
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  cleanups.push(() => {
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
  });
  return close;
}
