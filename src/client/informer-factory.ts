/** One shared informer per resource for every controller of a process (client-go's SharedInformerFactory). */
import type { KubeObject } from '../api/object.js';
import type { Informer, InformerFactory } from './framework-types.js';
import { type InformerOptions, SharedInformer } from './informer.js';
import type { GroupVersionResource, KubeClient } from './types.js';

class SharedInformerFactory implements InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private signal: AbortSignal | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly options: InformerOptions,
  ) {}

  informer<T extends KubeObject = KubeObject>(gvr: GroupVersionResource): Informer<T> {
    const id = `${gvr.group}/${gvr.version}/${gvr.resource}`;
    let informer = this.informers.get(id);
    if (!informer) {
      informer = new SharedInformer(this.client.resource(gvr), this.options);
      this.informers.set(id, informer);
      if (this.signal) informer.run(this.signal);
    }
    return informer as unknown as Informer<T>;
  }

  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const informer of this.informers.values()) informer.run(signal);
  }

  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
  }
}

/** A factory whose informers list and watch through `client` (all namespaces). */
export function createInformerFactory(client: KubeClient, options: InformerOptions = {}): InformerFactory {
  return new SharedInformerFactory(client, options);
}
