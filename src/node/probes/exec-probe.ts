import type { ExecAction } from 'kubernetes-types/core/v1.js';
import type { ProbeOutcome, ProbeTarget } from '../node-types.js';
import { goQuote } from './go-net-errors.js';
import { ProbeError } from './probe-error.js';

/** The kubelet keeps at most this much of an exec probe's combined output (`maxReadLength`). */
export const maxExecOutputBytes = 10 * 1024;

function truncate(output: string): string {
  const bytes = Buffer.from(output, 'utf8');
  return bytes.length <= maxExecOutputBytes ? output : bytes.subarray(0, maxExecOutputBytes).toString('utf8');
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || ('code' in error && error.code === 'ETIMEDOUT');
}

/**
 * Runs an exec probe in the container through `target.exec`: exit code 0 succeeds, any other fails with the
 * command's output (at most 10 KiB); no answer within `timeoutMs` fails with `command "<cmd>" timed out` (the CRI's
 * wording). A command that cannot be run at all rejects with ProbeError (an errored probe).
 */
export async function runExecProbe(action: ExecAction, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const command = action.command ?? [];
  if (command.length === 0) throw new ProbeError('exec probe has no command');
  const timedOut: ProbeOutcome = { success: false, message: `command ${goQuote(command.join(' '))} timed out` };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([target.exec(command, timeoutMs), deadline]);
    if (result === 'timeout') return timedOut;
    if (result.exitCode === 0) return { success: true, message: '' };
    return { success: false, message: truncate(result.output) };
  } catch (error) {
    if (isTimeout(error)) return timedOut;
    throw new ProbeError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
