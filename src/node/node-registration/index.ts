/**
 * The Node object of the one node: registered at start with the machine's capacity and identity, kept Ready by
 * a status heartbeat and a renewed Lease (kubelet's node status and node lease loops).
 */
import type { Controller } from '../../client/framework-types.js';
import { type NodeRegistrationOptions, runNodeRegistration } from './node-registration.js';

export type { NodeRegistrationOptions } from './node-registration.js';
export { kubeletFieldManager, NodeRegistration } from './node-registration.js';

/** A node registration controller with the given options (data dir, heartbeat period ...). */
export function createNodeRegistration(options: NodeRegistrationOptions = {}): Controller {
  return (ctx) => runNodeRegistration(ctx, options);
}

/** Registers `ctx.nodeName` and keeps it Ready, with kubelet's defaults (data dir `/`, 10 s heartbeat). */
export const nodeRegistration: Controller = createNodeRegistration();
