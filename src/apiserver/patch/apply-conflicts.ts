/**
 * The 409 a server-side apply with conflicts gets (apimachinery `managedfields/internal/conflict.go`):
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`, with
 * one `FieldManagerConflict` cause per field.
 */

import { StatusError } from '../../api/status-error.js';
import { pathToString } from './field-path.js';
import type { Conflict } from './field-updater.js';
import { printManager } from './managed-fields-codec.js';

function message(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathToString(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), pathToString(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export function applyConflictError(conflicts: readonly Conflict[]): StatusError {
  return new StatusError('Conflict', message(conflicts), {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.manager)}`,
      field: pathToString(c.path),
    })),
  });
}
