/**
 * Starts a set of controllers the way kube-controller-manager does: one shared informer factory, one event
 * recorder per component, one logger, one AbortSignal. `stop()` aborts everything and flushes pending Events.
 */

import { setMaxListeners } from 'node:events';
import { createRecorderFactory } from './event-recorder.js';
import type { Controller, ControllerContext, InformerFactory, Logger } from './framework-types.js';
import type { InformerOptions } from './informer.js';
import { createInformerFactory } from './informer-factory.js';
import { createLogger, withFields } from './logger.js';
import type { KubeClient } from './types.js';

export interface ManagerBase {
  client: KubeClient;
  /** The one node (= the cluster name); also the Events' `source.host`. */
  nodeName: string;
  now?: () => Date;
  /** Defaults to `createLogger()` (stderr, level from `KUBELING_LOG`). */
  log?: Logger;
  informerOptions?: Omit<InformerOptions, 'log'>;
}

/** A controller with the name its log lines carry (otherwise the function's name). */
export interface NamedController {
  name: string;
  start: Controller;
}

export interface RunningControllers {
  informers: InformerFactory;
  signal: AbortSignal;
  /** Aborts informers and workers, then waits for pending Events. */
  stop(): Promise<void>;
}

function nameOf(c: Controller | NamedController, i: number): string {
  if (typeof c !== 'function') return c.name;
  return c.name || `controller-${i}`;
}

/** Starts every controller (each gets its own logger context); a controller failing to start is logged. */
export async function startControllers(
  base: ManagerBase,
  controllers: readonly (Controller | NamedController)[],
): Promise<RunningControllers> {
  const abort = new AbortController();
  // Every informer, worker pool and sync wait listens on this one signal.
  setMaxListeners(0, abort.signal);
  const log = base.log ?? createLogger();
  const now = base.now ?? (() => new Date());
  const informers = createInformerFactory(base.client, { ...base.informerOptions, log });
  const recorders = createRecorderFactory({ client: base.client, host: base.nodeName, now, log });
  // Started first, so an informer requested while a controller starts runs at once (and can sync).
  informers.start(abort.signal);
  await Promise.all(
    controllers.map(async (c, i) => {
      const name = nameOf(c, i);
      const ctx: ControllerContext = {
        client: base.client,
        informers,
        recorder: (component) => recorders.recorder(component),
        now,
        log: withFields(log, { controller: name }),
        signal: abort.signal,
        nodeName: base.nodeName,
      };
      try {
        await (typeof c === 'function' ? c(ctx) : c.start(ctx));
      } catch (err) {
        if (!abort.signal.aborted) log.error('controller failed to start', { controller: name, err });
      }
    }),
  );
  let stopped: Promise<void> | undefined;
  return {
    informers,
    signal: abort.signal,
    stop() {
      stopped ??= (async () => {
        abort.abort();
        await recorders.flush();
      })();
      return stopped;
    },
  };
}
