/** `kubeling version`: kubeling's version and the Kubernetes version it speaks. */
import { examples, type RegisterCommand } from '../command-types.js';
import type { CliContext } from '../context.js';
import { KUBERNETES_VERSION, kubelingVersion } from '../version-info.js';

export function version(ctx: CliContext): number {
  ctx.out(`kubeling version: v${kubelingVersion()}`);
  ctx.out(`Kubernetes version: ${KUBERNETES_VERSION}`);
  return 0;
}

export const registerVersion: RegisterCommand = (program, ctx, result) => {
  program
    .command('version')
    .description('print the kubeling version and the Kubernetes version it speaks')
    .addHelpText('after', examples(['kubeling version']))
    .action(() => {
      result.code = version(ctx);
    });
};
