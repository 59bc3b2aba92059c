/**
 * The node agent (kubeling's kubelet): pods bound to the node run as processes with their own IPs, volumes,
 * environment, probes, restarts and graceful termination; `endpoints` serves their logs to the API server.
 */
export { createNodeAgent, kubeletFieldManager, type NodeAgent, type NodeAgentOptions } from './node-agent.js';
export { podNetwork } from './pod-ip-allocator.js';
