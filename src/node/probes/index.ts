/** Probes of the node agent: the probe runner (httpGet, tcpSocket, exec, grpc) and the per-pod probe manager. */
export { runHttpProbe } from './http-probe.js';
export { ProbeError } from './probe-error.js';
export { createProbeManager } from './probe-manager.js';
export { probeTimeoutMs, runProbe } from './probe-runner.js';
export { type ProbeSettings, probeSettings } from './probe-settings.js';
export { type ProbeTimers, realTimers } from './probe-timers.js';
export type {
  ContainerProbeState,
  ProbeEvent,
  ProbeManager,
  ProbeManagerOptions,
  ProbeResultUpdate,
} from './probe-types.js';
