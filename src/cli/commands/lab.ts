/** `kubeling lab services`: the seed's guided, self-checking lab against the running cluster. */
import { kubeconfigEntryName } from '../../cluster/kubeconfig.js';
import { clientForDataDir, runningState } from '../cluster-client.js';
import { DEFAULT_CLUSTER_NAME, findCluster } from '../cluster-target.js';
import { examples, type RegisterCommand } from '../command-types.js';
import { type CliContext, CliError } from '../context.js';
import { findKubectl } from '../lab/kubectl-runner.js';
import { runLab } from '../lab/run-lab.js';
import { labSteps } from '../lab/steps.js';
import type { Lang } from '../lab/texts.js';
import { applyObjects, readManifests } from '../scenario/manifests.js';
import { examplesDir } from '../scenario/run-scenario.js';

interface LabFlags {
  name: string;
  lang: string;
  yes?: boolean;
}

export async function lab(ctx: CliContext, topic: string, flags: LabFlags): Promise<number> {
  if (topic !== 'services') throw new CliError(`unknown lab "${topic}"; available: services`);
  if (flags.lang !== 'en' && flags.lang !== 'nl') throw new CliError(`--lang must be en or nl, not "${flags.lang}"`);
  const target = await findCluster(ctx, flags.name);
  const state = await runningState(target.name, target.dataDir);
  const client = await clientForDataDir(target.dataDir, state.url);
  await applyObjects(client, await readManifests(examplesDir));
  const kubeconfig = state.kubeconfigs[0];
  const results = await runLab(
    {
      client,
      lang: flags.lang as Lang,
      kubectl: await findKubectl(ctx.env),
      kubectlTarget: [
        ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []),
        '--context',
        kubeconfigEntryName(target.name),
      ],
      kubectlEnv: ctx.env,
      selfCommand: ctx.selfCommand,
      ingressUrl: state.ingressUrl,
      out: (text) => ctx.out(text),
      memory: new Map(),
    },
    labSteps,
    { yes: Boolean(flags.yes) },
  );
  return results.every((r) => r.ok) ? 0 : 1;
}

export const registerLab: RegisterCommand = (program, ctx, result) => {
  program
    .command('lab')
    .argument('<topic>', 'the lab to run: services')
    .description("a guided walk through the seed's observations, each checked on the running cluster")
    .option('--name <name>', 'cluster name', DEFAULT_CLUSTER_NAME)
    .option('--lang <lang>', 'language: en or nl (the seed is Dutch)', 'en')
    .option('-y, --yes', 'run without pausing between steps')
    .addHelpText(
      'after',
      examples([
        'kubeling start                      # in one terminal: the cluster and the seed scenario',
        'kubeling lab services               # in another: step by step, Enter to continue',
        'kubeling lab services --lang nl -y  # in Dutch, without pauses',
      ]),
    )
    .action(async (topic: string, flags: LabFlags) => {
      result.code = await lab(ctx, topic, flags);
    });
};
