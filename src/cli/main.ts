/** Entry point of the `kubeling` command: one commander program, one file per subcommand under commands/. */
import { Command, CommanderError } from 'commander';
import type { CommandResult, RegisterCommand } from './command-types.js';
import { examples } from './command-types.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerDelete } from './commands/delete.js';
import { registerDown } from './commands/down.js';
import { registerImage } from './commands/image.js';
import { registerLab } from './commands/lab.js';
import { registerLogs } from './commands/logs.js';
import { registerPortForward } from './commands/port-forward.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerUp } from './commands/up.js';
import { registerVersion } from './commands/version.js';
import { type CliContext, CliError, processContext } from './context.js';
import { kubelingVersion } from './version-info.js';

const COMMANDS: readonly RegisterCommand[] = [
  registerStart,
  registerLab,
  registerUp,
  registerDown,
  registerDelete,
  registerStatus,
  registerLogs,
  registerPortForward,
  registerDashboard,
  registerImage,
  registerVersion,
];

/** Builds the program; actions store their exit code in `result`. */
export function createProgram(ctx: CliContext, result: CommandResult): Command {
  const program = new Command('kubeling')
    .description('A Kubernetes-compatible cluster on one machine: no Docker, no VM.')
    .version(kubelingVersion(), '-v, --version', 'print the kubeling version')
    .configureOutput({
      writeOut: (text) => ctx.out(text),
      writeErr: (text) => ctx.err(text),
    })
    .option('--verbose', 'debug logs from every component (same as KUBELING_LOG=debug)')
    .hook('preAction', (command) => {
      if (command.opts<{ verbose?: boolean }>().verbose) process.env.KUBELING_LOG = 'debug';
    })
    .exitOverride()
    .addHelpText(
      'after',
      examples([
        'kubeling up --detach            # start the cluster "kubeling" in the background',
        'kubectl get namespaces          # the kubeconfig context "kubeling-kubeling" is now current',
        'kubeling status                 # list clusters',
        'kubeling down                   # stop it (data kept)',
        'kubeling delete                 # remove it',
      ]) +
        '\nEnvironment:\n' +
        '  KUBELING_HOME   folder holding one data dir per cluster, <KUBELING_HOME>/<name> (default ~/.kubeling)\n' +
        '  KUBECONFIG      kubeconfig files; "up" merges into the first (default ~/.kube/config)\n',
    );
  for (const register of COMMANDS) register(program, ctx, result);
  return program;
}

/** Runs `kubeling <argv>` and returns the process exit code. Errors print as one `error: ...` line. */
export async function main(argv: string[], ctx: CliContext = processContext()): Promise<number> {
  const result: CommandResult = { code: 0 };
  const program = createProgram(ctx, result);
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = err instanceof Error ? err.message : String(err);
    ctx.err(`error: ${message}`);
    if (err instanceof CliError) for (const line of err.details) ctx.err(`  ${line}`);
    else if (ctx.env.KUBELING_DEBUG && err instanceof Error && err.stack) ctx.err(err.stack);
    return 1;
  }
}
