/** Container logs: the CRI log format, the writer the process runtime uses, the on-disk store and its reads. */
export {
  type CriRecord,
  encodeCriRecord,
  formatRfc3339Nano,
  formatRfc3339NanoFixed,
  type LogStream,
  parseCriRecord,
} from './cri-log-format.js';
export { CriLogWriter, defaultLogRotation, type LogRotation, rotatedFiles } from './cri-log-writer.js';
export { createLogStore, type LogStore, type LogStoreOptions, type PodLogRef } from './log-store.js';
export { type LogSource, logSourceFor, resolveLogContainer } from './log-target.js';
