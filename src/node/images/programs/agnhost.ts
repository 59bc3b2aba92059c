/**
 * agnhost (registry.k8s.io/e2e-test-images/agnhost), Kubernetes' e2e test image: one binary, one subcommand
 * per test server. kubeling implements netexec, serve-hostname, pause, connect, liveness, porter and
 * entrypoint-tester; flags are read as cobra/pflag read them.
 */
import { CONNECT_FLAGS, runConnect } from './agnhost-connect.js';
import { NETEXEC_FLAGS, runNetexec } from './agnhost-netexec.js';
import { runServeHostname, SERVE_HOSTNAME_FLAGS } from './agnhost-serve-hostname.js';
import { PAUSE_FLAGS, PORTER_FLAGS, runEntrypointTester, runLiveness, runPause, runPorter } from './agnhost-small.js';
import { FlagError, type FlagKind, type ParsedFlags, parseFlags } from './go-flags.js';
import { programArgs } from './program-env.js';

interface Subcommand {
  short: string;
  flags: Readonly<Record<string, FlagKind>>;
  run(flags: ParsedFlags, argv0: string, args: string[]): void | Promise<void>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  connect: {
    short: 'Attempts a TCP, UDP or SCTP connection and returns useful errors',
    flags: CONNECT_FLAGS,
    run: runConnect,
  },
  'entrypoint-tester': {
    short: "Prints the args it's passed and exits",
    flags: {},
    run: (_flags, argv0, args) => runEntrypointTester(argv0, args),
  },
  liveness: { short: 'Starts a server that is alive for 10 seconds', flags: {}, run: runLiveness },
  netexec: {
    short: 'Creates HTTP(S), UDP, and (optionally) SCTP servers with various endpoints',
    flags: NETEXEC_FLAGS,
    run: runNetexec,
  },
  pause: { short: 'Pauses the execution', flags: PAUSE_FLAGS, run: runPause },
  porter: { short: 'Serves requested data on ports specified in ENV variables', flags: PORTER_FLAGS, run: runPorter },
  'serve-hostname': { short: 'Serves the hostname', flags: SERVE_HOSTNAME_FLAGS, run: runServeHostname },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((n) => n.length)) + 2;
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}${s.short}`);
  return `Usage:\n  agnhost [command]\n\nAvailable Commands:\n${lines.join('\n')}\n\nUse "agnhost [command] --help" for more information about a command.\n`;
}

const { meta, args } = programArgs();
const [name, ...rest] = args;
if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`agnhost: a test image of Kubernetes (kubeling built-in)\n\n${usage()}`);
  process.exit(0);
}
const subcommand = SUBCOMMANDS[name];
if (subcommand === undefined) {
  process.stderr.write(
    `Error: unknown command "${name}" for "agnhost"\nRun 'agnhost --help' for usage.\n` +
      `(kubeling's built-in agnhost implements: ${Object.keys(SUBCOMMANDS).join(', ')})\n`,
  );
  process.exit(1);
}
if (rest.includes('--help') || rest.includes('-h')) {
  const flagLines = Object.entries(subcommand.flags).map(
    ([flag, kind]) => `      --${flag} ${kind === 'bool' ? '' : kind}`,
  );
  process.stdout.write(`${subcommand.short}\n\nUsage:\n  agnhost ${name} [flags]\n\nFlags:\n${flagLines.join('\n')}\n`);
  process.exit(0);
}
try {
  const flags = parseFlags(rest, subcommand.flags);
  await subcommand.run(flags, meta.argv0, args);
} catch (err) {
  if (!(err instanceof FlagError)) throw err;
  process.stderr.write(`Error: ${err.message}\nRun 'agnhost ${name} --help' for usage.\n`);
  process.exit(1);
}
