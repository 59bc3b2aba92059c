/**
 * The node side of one kubeling process: the node agent (pods as processes) with its image resolver, process
 * runtime and log store, under `<data-dir>/node` (a temporary directory for in-memory clusters).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Controller } from '../client/framework-types.js';
import { createNodeAgent } from '../node/agent/index.js';
import { createImageResolver, LOCAL_IMAGES_FILE } from '../node/images/index.js';
import { createLogStore } from '../node/logs/index.js';
import type { KubeletEndpoints } from '../node/node-types.js';
import { createProcessRuntime } from '../node/runtime/index.js';

export interface NodeSide {
  agent: Controller;
  endpoints: KubeletEndpoints;
  /** Kills every container process and removes a temporary node directory. */
  shutdown(): Promise<void>;
}

export interface NodeSideOptions {
  dataDir: string | undefined;
  /** CrashLoopBackOff: first delay and cap (Kubernetes: 10 s doubling to 300 s). */
  backoff?: { initialMs: number; maxMs: number };
}

export function createNodeSide(options: NodeSideOptions): NodeSide {
  const temporary = !options.dataDir;
  const nodeDir = options.dataDir ? join(options.dataDir, 'node') : mkdtempSync(join(tmpdir(), 'kubeling-node-'));
  // First: the runtime kills leftovers of a previous run that crashed with this data dir.
  const runtime = createProcessRuntime({ stateDir: join(nodeDir, 'runtime') });
  const logs = createLogStore({ rootDir: join(nodeDir, 'logs') });
  const images = createImageResolver(
    options.dataDir ? { localImagesFile: join(options.dataDir, LOCAL_IMAGES_FILE) } : {},
  );
  const agent = createNodeAgent({
    dataDir: nodeDir,
    images,
    runtime,
    logs,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  return {
    agent,
    endpoints: agent.endpoints,
    async shutdown() {
      await runtime.shutdown();
      if (temporary) rmSync(nodeDir, { recursive: true, force: true });
    },
  };
}
