/** Runs the lab's steps in order: shows each command and its output, checks the observation, then a summary. */
import { createInterface } from 'node:readline/promises';
import { runKubectl } from './kubectl-runner.js';
import type { LabContext, LabStep, StepResult } from './lab-context.js';
import { labTexts, t } from './texts.js';

export interface LabOptions {
  /** Run without pauses (tests, CI). */
  yes: boolean;
}

const mark = (r: StepResult) => (r.skipped ? '–' : r.ok ? '✓' : '✗');

async function pause(ctx: LabContext): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    await rl.question(`${t(labTexts.press, ctx.lang)} `);
  } finally {
    rl.close();
  }
}

async function showCommand(ctx: LabContext, step: LabStep): Promise<void> {
  const args = step.command(ctx);
  if (!step.runsKubectl) {
    ctx.out(`$ ${args[0] === 'kubeling' || args[0] === 'curl' ? '' : 'kubectl '}${args.join(' ')}`);
    return;
  }
  ctx.out(`$ kubectl ${args.join(' ')}`);
  if (!ctx.kubectl) return;
  const run = await runKubectl(ctx.kubectl, [...ctx.kubectlTarget, ...args], ctx.kubectlEnv);
  const text = `${run.stdout}${run.stderr}`.trimEnd();
  if (text) ctx.out(text);
}

/** Returns every step's result, in order. */
export async function runLab(ctx: LabContext, steps: readonly LabStep[], options: LabOptions): Promise<StepResult[]> {
  ctx.out(t(labTexts.intro, ctx.lang));
  ctx.out(
    ctx.kubectl ? `(kubectl: ${ctx.kubectl})` : '(kubectl not found: commands are shown and answered by kubeling)',
  );
  const results: StepResult[] = [];
  for (const [i, step] of steps.entries()) {
    ctx.out('');
    ctx.out(`${i + 1}. ${t(labTexts.observation, ctx.lang)}: ${t(step.observation, ctx.lang)}`);
    ctx.out(`   ${t(step.explain, ctx.lang)}`);
    if (!options.yes) await pause(ctx);
    await showCommand(ctx, step);
    let result: StepResult;
    try {
      result = await step.check(ctx);
    } catch (err) {
      result = { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
    results.push(result);
    ctx.out(`${mark(result)} ${result.detail}`);
  }
  ctx.out('');
  ctx.out(`${t(labTexts.summary, ctx.lang)}:`);
  for (const [i, step] of steps.entries()) {
    const r = results[i];
    if (r) ctx.out(`  ${mark(r)} ${t(step.observation, ctx.lang)}`);
  }
  ctx.out('');
  ctx.out(t(results.every((r) => r.ok) ? labTexts.allHeld : labTexts.someFailed, ctx.lang));
  return results;
}
