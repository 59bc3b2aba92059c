import type { KubeClient } from '../../client/types.js';
import type { Lang, Text } from './texts.js';

/** What every lab step can use. */
export interface LabContext {
  client: KubeClient;
  lang: Lang;
  /** Path of the real kubectl, when installed. */
  kubectl: string | undefined;
  /** Arguments that point kubectl at this cluster (`--context kubeling-<name>` or `--kubeconfig ...`). */
  kubectlTarget: string[];
  kubectlEnv: NodeJS.ProcessEnv;
  /** argv prefix running this same `kubeling`. */
  selfCommand: string[];
  ingressUrl: string | undefined;
  out(text: string): void;
  /** Facts earlier steps found (pod IPs, the ClusterIP ...). */
  memory: Map<string, unknown>;
}

export interface StepResult {
  ok: boolean;
  /** What was observed, in the lab's language. */
  detail: string;
  /** The step could not be observed here (e.g. kubectl is not installed). */
  skipped?: boolean;
}

export interface LabStep {
  id: string;
  /** The seed's observation this step checks. */
  observation: Text;
  explain: Text;
  /** The command shown to the learner (and run through kubectl when `runsKubectl`). */
  command(ctx: LabContext): string[];
  runsKubectl: boolean;
  check(ctx: LabContext): Promise<StepResult>;
}
