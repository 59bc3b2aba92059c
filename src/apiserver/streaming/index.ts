/**
 * Streaming endpoints of the API server: `pods/exec`, `pods/attach` and `pods/portforward` over WebSocket
 * (channel protocols v1–v5, base64 variants, SPDY tunnelled in WebSocket) and raw SPDY/3.1, served with the node
 * agent's PodStreamingBackend. Wiring: pass `createStreamingSubresources(deps)` as `ApiHandlerOptions.subresources`
 * and `upgradeHandler(apiHandler)` as `HttpServerOptions.onUpgrade`.
 */
export type { ContainerStdio, PodStreamingBackend, StreamingDeps, TerminalSize } from './backend.js';
export { readPod } from './pod-reader.js';
export { createStreamingSubresources } from './subresources.js';
export { type UpgradeHook, upgradeHandler } from './upgrade-request.js';
