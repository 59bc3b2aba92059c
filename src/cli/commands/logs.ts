/** `kubeling logs`: the cluster's own log (of a cluster started with `up --detach` or `start` in the background). */
import { createReadStream, existsSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLUSTER_NAME, findCluster, LOG_FILE } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';

interface LogsFlags {
  name: string;
  follow?: boolean;
}

function copyFrom(path: string, start: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, { start });
    let end = start;
    stream.on('data', (chunk) => {
      end += chunk.length;
      process.stdout.write(chunk);
    });
    stream.on('end', () => resolve(end));
    stream.on('error', reject);
  });
}

export async function logs(ctx: CliContext, flags: LogsFlags): Promise<number> {
  const target = await findCluster(ctx, flags.name);
  const path = join(target.dataDir, LOG_FILE);
  if (!existsSync(path)) {
    throw new CliError(
      `no log for cluster "${target.name}" (${path}); a cluster in the foreground logs to its terminal, "kubeling up --detach" writes this file`,
    );
  }
  let offset = await copyFrom(path, 0);
  if (!flags.follow) return 0;
  await new Promise<void>((resolve) => {
    const watcher = watch(path, () => {
      if (statSync(path).size > offset) void copyFrom(path, offset).then((end) => (offset = end));
    });
    process.once('SIGINT', () => {
      watcher.close();
      resolve();
    });
  });
  return 0;
}

export const registerLogs: RegisterCommand = (program, ctx, result) => {
  program
    .command('logs')
    .description("show the cluster's own log (API server, controllers, node agent)")
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('-f, --follow', 'keep printing new lines until Ctrl+C')
    .addHelpText(
      'after',
      examples(['kubeling logs', 'kubeling logs -f', 'KUBELING_LOG=debug kubeling up --detach  # more detail']),
    )
    .action(async (flags: LogsFlags) => {
      result.code = await logs(ctx, flags);
    });
};
