/**
 * The `pause` image (registry.k8s.io/pause): sleeps until SIGTERM or SIGINT, then prints
 * `Shutting down, got signal: <name>` on stderr and exits 0. `-v` prints the version.
 */
import { programArgs } from './program-env.js';

const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = { SIGTERM: 'Terminated', SIGINT: 'Interrupt' };

const { args } = programArgs();
if (args[0] === '-v') {
  process.stdout.write('pause.c v3.10\n');
  process.exit(0);
}
if (args.length > 0) {
  process.stderr.write(`Unknown argument: ${args[0]}\n`);
  process.exit(1);
}
// Keep the event loop alive until a signal arrives.
const sleeper = setInterval(() => {}, 1 << 30);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    clearInterval(sleeper);
    process.stderr.write(`Shutting down, got signal: ${SIGNAL_NAMES[signal]}\n`);
    process.exit(0);
  });
}
