/** The process runtime: containers as supervised process groups, with CRI logs, memory limits and no orphans. */
export { signalExitCode } from './container-process.js';
export { createProcessRuntime, type ProcessRuntimeHandle, type ProcessRuntimeOptions } from './process-runtime.js';
export { ContainerStartError } from './start-error.js';
