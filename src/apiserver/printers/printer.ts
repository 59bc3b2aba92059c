/**
 * The contract every kind-specific printer fulfils, and the column helpers they share. Mirrors kube-apiserver's
 * `pkg/printers/internalversion`: the server always prints the wide form (priority 1 columns included) and
 * kubectl drops priority>0 columns unless `-o wide` is asked for.
 */
import type { KubeObject } from '../../api/object.js';
import { translateTimestampSince } from './duration.js';

/** One column of a `meta.k8s.io/v1` Table. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A row condition (`metav1.TableRowCondition`); the apiserver marks finished pods `Completed`. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface Printer {
  columns: readonly TableColumnDefinition[];
  /** The cells of one object's row, in column order (all columns, wide ones included). */
  cells(obj: KubeObject, now: Date): unknown[];
  /** Row conditions, where the kind has any. */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

interface ColumnOptions {
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** A column definition; descriptions are the printers' own short texts, or '' where upstream uses swagger docs. */
export function column(name: string, options: ColumnOptions = {}): TableColumnDefinition {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description: options.description ?? '',
    priority: options.priority ?? 0,
  };
}

/** The `Name` column every printer starts with. */
export const nameColumn = column('Name', { format: 'name' });
/** The `Age` column (creation timestamp, printed as a duration). */
export const ageColumn = column('Age');

export const containersColumn = column('Containers', {
  priority: 1,
  description: 'Names of each container in the template.',
});
export const imagesColumn = column('Images', {
  priority: 1,
  description: 'Images referenced by each container in the template.',
});

/** Reinterprets a stored object as its typed view (objects reaching the printer have been validated). */
export function view<T>(obj: KubeObject): T {
  return obj as unknown as T;
}

export function nameOf(obj: KubeObject): string {
  return obj.metadata.name ?? '';
}

export function ageOf(obj: KubeObject, now: Date): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

/** `layoutContainerCells`: container names and images, each comma-joined. */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Sorted, de-duplicated copy (Go's `sets.String.List()`). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** Byte-wise string order as Go's `sort.Strings` (identical to UTF-16 order for the ASCII Kubernetes names use). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
