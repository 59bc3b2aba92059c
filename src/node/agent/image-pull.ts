/**
 * The kubelet's image step before a container starts (`EnsureImageExists`), with its events and waiting reasons:
 * an image on the machine is used at once under IfNotPresent/Never (`Container image "x" already present on
 * machine`); otherwise `Pulling`, then `Pulled` (`Successfully pulled image "x" in 3ms (3ms including waiting)`)
 * or `Failed` + ErrImagePull, after which pulls wait in ImagePullBackOff (10 s doubling to 5 min).
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import { InvalidImageNameError, parseImageReference } from '../images/index.js';
import { type Image, ImagePullError } from '../node-types.js';
import { type AgentContext, type PodObject, podEvent } from './agent-context.js';
import { formatGoDuration } from './restart-backoff.js';

export type PullOutcome =
  | { ok: true; image: Image }
  /** The container waits with this reason and message; retry at `retryAt` (epoch ms). */
  | { ok: false; reason: string; message: string; retryAt: number | undefined };

/** The normalized reference (what the machine's image store is keyed by), or the name as written. */
export function normalizedImage(image: string): string {
  try {
    return parseImageReference(image).normalized;
  } catch {
    return image;
  }
}

/** Per container: when its last pull failed and why (for ImagePullBackOff). */
export interface PullMemory {
  failedAt?: number;
  lastError?: string;
}

export async function ensureImage(
  ctx: AgentContext,
  pod: PodObject,
  container: Container,
  memory: PullMemory,
): Promise<PullOutcome> {
  const image = container.image ?? '';
  const policy = container.imagePullPolicy ?? 'IfNotPresent';
  const present = ctx.pulledImages.has(normalizedImage(image));
  const key = `${pod.metadata.uid ?? ''}/${image}`;
  const now = ctx.now().getTime();

  if (policy === 'Never' || (present && policy !== 'Always')) {
    try {
      const resolved = await ctx.images.resolve(image);
      ctx.pulledImages.add(resolved.ref);
      podEvent(ctx, pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return { ok: true, image: resolved };
    } catch (err) {
      // Gone from the machine (a local image removed): pull it again.
      if (policy !== 'Never' && !(err instanceof ImagePullError)) throw err;
      ctx.pulledImages.delete(normalizedImage(image));
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      podEvent(ctx, pod, 'Warning', 'ErrImageNeverPull', message);
      return { ok: false, reason: 'ErrImageNeverPull', message, retryAt: undefined };
    }
  }

  if (memory.failedAt !== undefined && ctx.imageBackoff.inBackoffSince(key, memory.failedAt)) {
    const message = `Back-off pulling image "${image}"`;
    podEvent(ctx, pod, 'Normal', 'BackOff', message);
    podEvent(ctx, pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    return {
      ok: false,
      reason: 'ImagePullBackOff',
      message: memory.lastError ? `${message}: ErrImagePull: ${memory.lastError}` : message,
      retryAt: ctx.imageBackoff.readyAt(key, memory.failedAt),
    };
  }

  podEvent(ctx, pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const started = performance.now();
  try {
    const resolved = await ctx.images.resolve(image);
    const took = formatGoDuration(Math.round((performance.now() - started) * 1000) / 1000);
    ctx.pulledImages.add(resolved.ref);
    ctx.imageBackoff.delete(key);
    delete memory.failedAt;
    delete memory.lastError;
    podEvent(
      ctx,
      pod,
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${took} (${took} including waiting)`,
    );
    return { ok: true, image: resolved };
  } catch (err) {
    if (err instanceof InvalidImageNameError) {
      podEvent(ctx, pod, 'Warning', 'InspectFailed', err.message);
      podEvent(ctx, pod, 'Warning', 'Failed', 'Error: InvalidImageName');
      return { ok: false, reason: 'InvalidImageName', message: err.message, retryAt: undefined };
    }
    if (!(err instanceof ImagePullError)) throw err;
    ctx.imageBackoff.next(key, now);
    memory.failedAt = now;
    memory.lastError = err.message;
    podEvent(ctx, pod, 'Warning', 'Failed', err.message);
    podEvent(ctx, pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    // The kubelet's next sync soon turns ErrImagePull into ImagePullBackOff.
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: err.message,
      retryAt: now + Math.min(1000, ctx.imageBackoff.initialMs),
    };
  }
}
